// Configuration from the environment, read once. Every variable has a default that serves the embedded
// SQLite demo, so `npm start` needs none of them; production (NODE_ENV=production) must set AUTH_SECRET
// and never seeds the demo, whose users share a password the README publishes.
import { randomBytes } from 'node:crypto';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { providerOf } from './db/datamodel.ts';

/** A setting the operator must change: entry points print its message alone, without a stack trace. */
export class ConfigError extends Error {}

/** The first administrator is made on the server's machine; no endpoint can make one. */
export const FIRST_ADMINISTRATOR_COMMAND = 'npm run users -- add <name> --role ADMIN';

/** Why production never seeds the demo, for every entry point that refuses it. */
export const NO_DEMO_IN_PRODUCTION = `the demo's users share the password the README publishes; create the first administrator with \`${FIRST_ADMINISTRATOR_COMMAND}\` instead`;

function integer(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!values.includes(raw as T)) throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
  return raw as T;
}

export const INTROSPECTION_POLICIES = ['all', 'analysts', 'off'] as const;
export type IntrospectionPolicy = (typeof INTROSPECTION_POLICIES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** `json`: one object a line, for journald and log shippers; `text`: one readable line each, for a terminal. */
export const LOG_FORMATS = ['json', 'text'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface Config {
  databaseUrl: string;
  port: number;
  host: string;
  production: boolean;
  /** Fill an empty database with the demo data (and its users) at start-up; never in production. */
  seedDemo: boolean;
  /** The key that signs sessions and embed tokens. Never logged. */
  authSecret: string;
  /** Whether AUTH_SECRET was generated for this process (tokens then end with it). */
  authSecretGenerated: boolean;
  /** Origins allowed to call the API from a browser and to frame /embed pages: the portals. */
  corsOrigins: string[];
  graphiql: boolean;
  introspection: IntrospectionPolicy;
  /** Requests a minute per token, or per address without one; 0 turns the limit off. */
  rateLimit: number;
  /** Seconds a cached answer may be reused while nothing is written; 0 turns the response cache off. */
  responseCacheTtl: number;
  logLevel: LogLevel;
  logFormat: LogFormat;
}

export function readConfig(): Config {
  const databaseUrl = process.env.DATABASE_URL || 'file:./data/dvk.sqlite';
  providerOf(databaseUrl); // fail at start-up, not at the first query
  const production = process.env.NODE_ENV === 'production';
  const secret = process.env.AUTH_SECRET ?? '';
  if (secret && secret.length < 32) throw new ConfigError('AUTH_SECRET must be at least 32 characters (e.g. `openssl rand -base64 48`)');
  if (!secret && production) throw new ConfigError('AUTH_SECRET must be set in production: sessions and embed tokens are signed with it');
  // Refused rather than ignored, so that an operator who asks for the demo in production learns why not.
  const seedDemo = oneOf('SEED_DEMO', ['true', 'false'], production ? 'false' : 'true') === 'true';
  if (seedDemo && production) throw new ConfigError(`SEED_DEMO=true is refused with NODE_ENV=production: ${NO_DEMO_IN_PRODUCTION}.`);
  return {
    databaseUrl,
    port: integer('PORT', 4000),
    host: process.env.HOST || '0.0.0.0',
    production,
    seedDemo,
    authSecret: secret || randomBytes(48).toString('base64url'),
    authSecretGenerated: !secret,
    // The default lets the portal example (npm run portal) embed widgets.
    corsOrigins: (process.env.CORS_ORIGINS ?? 'http://localhost:4001,http://127.0.0.1:4001')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    graphiql: process.env.GRAPHIQL ? process.env.GRAPHIQL === 'true' : !production,
    introspection: oneOf('INTROSPECTION', INTROSPECTION_POLICIES, production ? 'analysts' : 'all'),
    rateLimit: integer('RATE_LIMIT', 600),
    responseCacheTtl: integer('RESPONSE_CACHE_TTL', 300),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    logFormat: oneOf('LOG_FORMAT', LOG_FORMATS, production ? 'json' : 'text'),
  };
}

/** The command line's arguments; one it cannot read ends the process with the message and the usage, status 2. */
export function argumentsOrExit<T extends ParseArgsConfig>(options: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(options);
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
}

/** readConfig for an entry point: a ConfigError ends the process with its message and status 1, no stack trace. */
export function configOrExit(prefix: string): Config {
  try {
    return readConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${prefix} ${error.message}`);
    process.exit(1);
  }
}
