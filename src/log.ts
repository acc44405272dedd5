// The server's log, through pino: in production one JSON object a line (journald, a log shipper and jq read
// it as it is), otherwise one readable line each for the terminal of `npm start`. Lines are written
// synchronously, so that the last ones before a crash are not lost. Command-line scripts print to their
// user and do not use it.
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogFormat, LogLevel } from './config.ts';

export type { Logger };

/**
 * Keys whose values never reach a line, at the top of an object logged or one level down, whatever a future
 * call passes by mistake. Nothing logs them today: the request line holds no header, query string or variable.
 */
const SECRET_KEYS = ['authorization', 'cookie', 'password', 'token', 'authSecret'];

export interface LogOptions {
  level: LogLevel;
  format: LogFormat;
}

/** A logger writing to `destination` (standard output by default); tests read what it writes. */
export function createLogger({ level, format }: LogOptions, destination: DestinationStream = process.stdout): Logger {
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: SECRET_KEYS.flatMap((key) => [key, `*.${key}`]), censor: '[redacted]' },
    },
    format === 'json' ? destination : { write: (line: string) => destination.write(textLine(JSON.parse(line) as LogObject)) },
  );
}

interface LogObject {
  level: number;
  msg?: string;
  err?: { stack?: string };
  [key: string]: unknown;
}

/** What a text line leaves out: the same on every line of one process. */
const CONSTANT_KEYS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'err']);

/** `[dvk] message key=value …`, the level named from warnings up, and an error's stack below. */
function textLine(object: LogObject): string {
  const level = object.level >= 40 ? `${pino.levels.labels[object.level]?.toUpperCase()} ` : '';
  const fields = Object.entries(object)
    .filter(([key]) => !CONSTANT_KEYS.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : JSON.stringify(value)}`);
  const stack = object.err?.stack ? `\n${object.err.stack}` : '';
  return `[dvk] ${level}${[object.msg ?? '', ...fields].filter(Boolean).join(' ')}${stack}\n`;
}
