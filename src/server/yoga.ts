// The yoga instance, separate from the listener: tests call `yoga.fetch` without opening a port.
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { createYoga, maskError as maskUnexpected, useReadinessCheck } from 'graphql-yoga';
import { framingOrigins } from '../access/portals.ts';
import type { Keys } from '../access/tokens.ts';
import type { IntrospectionPolicy } from '../config.ts';
import { createContext } from '../context.ts';
import type { Database } from '../db/client.ts';
import { EARLIER_EMBEDDED_CHART_OPERATIONS, EMBEDDED_CHART_HASH, EMBEDDED_CHART_OPERATION, WIDGET_HEADER } from '../embed/operation.ts';
import { BAD_USER_INPUT } from '../errors.ts';
import type { Logger } from '../log.ts';
import { schema } from '../schema/index.ts';
import {
  corsOf,
  useBodyLimit,
  useCsrfPrevention,
  useInputErrorCodes,
  useIntrospectionPolicy,
  useMediaTypes,
  useNullOriginRefusal,
  useRateLimit,
  useSecurityHeaders,
  useSubscriptionRefusal,
  useWidgetRequests,
} from './guards.ts';
import { useInputBounds } from './inputs.ts';
import { useCoverageBudget } from './budget.ts';
import { graphiqlPage, useGraphiQLFile } from './graphiql.ts';
import { useOperationLimits } from './limits.ts';
import { OPERATION_BUDGET_MS, useMetrics, useOperationBudget, type Liveness } from './liveness.ts';
import { useRequestFacts, yogaLogging } from './logging.ts';
import { claimsEmbedToken, requestReads } from './requests.ts';
import { useCachedResponses, type ResponseCacheOptions } from './response-cache.ts';
import { useSpecStatuses } from './statuses.ts';
import { useImportTemplates } from './templates.ts';
import { useWebAssets } from './web.ts';

export const GRAPHQL_PATH = '/graphql';

/** The operation GraphiQL opens with: the whole leadership dashboard of Bắc Kạn for 2019, in one request. */
export const dashboardQuery = `# Dân Vận Khéo analytics: every indicator of Bắc Kạn (06) for 2019, in one operation.
# Sign in first: the dashboard (/dashboard) keeps your token for GraphiQL too, or add the header
# {"Authorization": "Bearer <token>"} below (npm run users -- token <user> makes an API token).
query Dashboard($unit: String! = "06", $year: Int! = 2019) {
  dashboard(unit: $unit, year: $year) {
    unit { code name }
    coverages {
      indicator { code nameVi }
      numerator denominator ratio target gap shortfall status
      definition { vi }
      missing(first: 5) { totalCount edges { node { unit { code name } model { title } } } }
      breakdown(by: CHILD_UNITS) { group { label { vi } } numerator denominator ratio status }
      series { year ratio target }
    }
  }
}
`;

/** The persisted operations, by SHA-256 hash: embed tokens may run these and nothing else. */
const persistedOperations = new Map([[EMBEDDED_CHART_HASH, EMBEDDED_CHART_OPERATION], ...Object.entries(EARLIER_EMBEDDED_CHART_OPERATIONS)]);

/** The header a request that a browser would send without a CORS preflight must carry (see useCsrfPrevention). */
export const CSRF_HEADER = 'x-dvk-csrf';

export interface ServerOptions {
  /** Signs sessions and embed tokens (AUTH_SECRET). */
  keys: Keys;
  /**
   * Origins whose pages may call the API from the browser, and show the widgets of embed tokens that name
   * no portal origins of their own (portals embedding widgets).
   */
  corsOrigins?: string[];
  graphiql?: boolean;
  introspection?: IntrospectionPolicy;
  /** Requests a minute per token or address; 0 (the default here, for tests) turns the limit off. */
  rateLimit?: number;
  /** The response cache; off when absent (tests of behaviour see every answer computed). */
  responseCache?: ResponseCacheOptions;
  /** How long an operation may run before the API answers 503 REQUEST_TIMEOUT, in milliseconds (tests shorten it). */
  operationBudget?: number;
  /** Where yoga's own messages go (unexpected errors with their stacks); without it, warnings to the console. */
  logger?: Logger;
}

/**
 * Masks unexpected errors; Pothos's own argument checks (a negative `first`) are input errors too. Here
 * rather than beside the error classes: those are thrown by threads and commands that load no server.
 */
function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const cause = error instanceof GraphQLError ? error.originalError : error;
  if (cause instanceof PothosValidationError) {
    const located = error instanceof GraphQLError ? error : undefined;
    return new GraphQLError(located?.message ?? cause.message, {
      nodes: located?.nodes,
      source: located?.source,
      positions: located?.positions,
      path: located?.path,
      extensions: { code: BAD_USER_INPUT, http: { status: 400 } },
    });
  }
  return maskUnexpected(error, message, isDev);
}

export function createServer(db: Database, options: ServerOptions) {
  const corsOrigins = options.corsOrigins ?? [];
  const reads = requestReads(db, options.keys, corsOrigins);
  const liveness: Liveness = { timedOut: 0 };
  const graphiqlOptions = { title: 'Dân Vận Khéo analytics · GraphiQL', defaultQuery: dashboardQuery, shouldPersistHeaders: true };
  const graphiql = options.graphiql === false ? undefined : graphiqlPage(graphiqlOptions);
  return createYoga({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    context: async ({ request }) => createContext(db, { viewer: await reads.viewer(request), keys: options.keys, versions: () => reads.versions(request) }),
    // Decided per request: given the list itself, yoga's CORS answers an origin outside it with
    // `Access-Control-Allow-Origin: null` (which a sandboxed frame's `Origin: null` matches), and an empty
    // list with whatever origin asks.
    cors: corsOf(corsOrigins, GRAPHQL_PATH, WIDGET_HEADER, CSRF_HEADER),
    // useBodyLimit counts every body against the limit of its kind; yoga's own (25 MB) would cut uploads.
    maxRequestBodySize: false,
    maskedErrors: { maskError },
    // shouldPersistHeaders: the dashboard's sign-in writes its token into GraphiQL's stored headers (web/shared/session.ts).
    graphiql: graphiql ? graphiqlOptions : false,
    renderGraphiQL: graphiql?.render,
    landingPage: false,
    // /health answers while the process lives; /ready only when the database answers too; /metrics how late.
    healthCheckEndpoint: '/health',
    plugins: [
      useRequestFacts(),
      useMetrics(liveness),
      useOperationBudget(options.operationBudget ?? OPERATION_BUDGET_MS, liveness),
      useRateLimit(GRAPHQL_PATH, options.rateLimit ?? 0),
      useNullOriginRefusal(GRAPHQL_PATH),
      useWidgetRequests(GRAPHQL_PATH, WIDGET_HEADER),
      useBodyLimit(GRAPHQL_PATH),
      graphiql ? useGraphiQLFile(GRAPHQL_PATH, graphiql) : {},
      useSecurityHeaders(
        (request) => framingOrigins(db, new URL(request.url).searchParams.get('token'), corsOrigins),
        graphiql && { path: GRAPHQL_PATH, policy: graphiql.policy },
      ),
      useCsrfPrevention(GRAPHQL_PATH, CSRF_HEADER),
      useMediaTypes(GRAPHQL_PATH),
      useInputBounds(),
      useSubscriptionRefusal(),
      usePersistedOperations({
        getPersistedOperation: (hash) => persistedOperations.get(hash) ?? null,
        // Everyone may send documents, except an embed token: it runs its widget's operation only.
        allowArbitraryOperations: (request) => !claimsEmbedToken(request),
        customErrors: {
          notFound: { message: 'No persisted operation has this hash.', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } } },
          keyNotFound: { message: 'Send a query, or the hash of a persisted operation.', extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
          persistedQueryOnly: {
            message: 'An embed token runs only its widget’s persisted operation.',
            extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 403 } },
          },
        },
      }),
      ...useOperationLimits(),
      useCoverageBudget(),
      ...useCachedResponses(reads, options.responseCache ?? { ttl: 0 }),
      useIntrospectionPolicy(options.introspection ?? 'all'),
      useInputErrorCodes(),
      useSpecStatuses(),
      useWebAssets(),
      useImportTemplates(),
      useReadinessCheck({ endpoint: '/ready', check: async () => void (await db.$queryRaw`SELECT 1`) }),
    ],
    logging: options.logger ? yogaLogging(options.logger) : 'warn',
  });
}
