// The status of each GraphQL answer, as the GraphQL-over-HTTP spec gives it for the media type served. The
// API's errors carry their status (src/errors.ts) and yoga answers the highest; two cases would break the
// spec, and are corrected here:
// - an answer holding data (a partial answer: `{ dashboard: null }` with UNAUTHENTICATED) is 200 under both
//   media types, its refusals staying in `errors` (a MUST of both);
// - an operation that cannot be determined (an unknown operation name: yoga's OPERATION_RESOLUTION_FAILURE)
//   is a request error like a validation failure: 400 under application/graphql-response+json, and 200
//   under application/json, where yoga answered 400.
// Under application/json the spec's request errors (parse, validation, variables: `spec` in their `http`)
// answer 200, as it asks; the server's own refusals (authentication, permission, limits, rate) keep their
// 4xx under both, which it allows, so that a proxy, a log or a rate limiter sees them.
import { GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

interface HttpExtension {
  status?: number;
  headers?: Record<string, string>;
  spec?: boolean;
}

const httpOf = (error: GraphQLError) => error.extensions?.http as HttpExtension | undefined;

function withExtensions(error: GraphQLError, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions,
  });
}

/** Keeps the headers an error asks for (WWW-Authenticate, Retry-After), not its status. */
function withoutStatus(error: GraphQLError): GraphQLError {
  const http = httpOf(error);
  return http?.status ? withExtensions(error, { ...error.extensions, http: { headers: http.headers } }) : error;
}

const isUnresolvedOperation = (error: GraphQLError) => error.extensions?.code === 'OPERATION_RESOLUTION_FAILURE';

/** After the plugins that give errors their codes (useInputErrorCodes): it reads the codes they give. */
export function useSpecStatuses(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || isAsyncIterable(result) || !result.errors?.length) return;
      if (result.data != null) {
        setResult({ ...result, errors: result.errors.map(withoutStatus) });
      } else if (result.errors.some(isUnresolvedOperation)) {
        const requestError = (error: GraphQLError) => withExtensions(error, { ...error.extensions, http: { ...httpOf(error), status: 400, spec: true } });
        setResult({ ...result, errors: result.errors.map((error) => (isUnresolvedOperation(error) ? requestError(error) : error)) });
      }
    },
  };
}
