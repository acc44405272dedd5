// What stands between the network and the schema: a body size limit, a rate limit per token and per
// address, CORS, the refusal of `Origin: null` and of subscriptions, security headers on every answer, and
// the introspection policy. Each refusal is a JSON answer with a 4xx status and a stable code, like the API's
// own errors.
import { createHash } from 'node:crypto';
import { GraphQLError, Kind, visit, type ASTVisitor, type DocumentNode, type ValidationContext } from 'graphql';
import { createGraphQLError, type CORSOptions, type Plugin } from 'graphql-yoga';
import { SCHEMA_READERS } from '../access/roles.ts';
import type { IntrospectionPolicy } from '../config.ts';
import type { Context } from '../context.ts';
import { ForbiddenError, PayloadTooLargeError, RequestInputError } from '../errors.ts';
import { RateWindows } from '../access/rate-windows.ts';
import { MAX_UPLOAD_BYTES } from '../lib/uploads.ts';
import { MAX_JSON_BODY_BYTES } from './limits.ts';
import { authorizationOf, claimsEmbedToken, isAsciiHeader } from './requests.ts';

function refusal(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** The limit of a body, by its kind: an operation in JSON, or an upload (multipart). */
function bodyLimit(request: Request) {
  const multipart = (request.headers.get('content-type') ?? '').startsWith('multipart/form-data');
  const limit = multipart ? MAX_UPLOAD_BYTES : MAX_JSON_BODY_BYTES;
  return { limit, message: `The body is larger than the ${limit} bytes accepted${multipart ? ' for an upload' : ' for an operation'}.` };
}

/**
 * Refuses a body larger than allowed: at once when its length says so, else while it is read, whichever
 * parser reads it (JSON or multipart, whose parser would otherwise call the cut a malformed body). Yoga's
 * own limit is off (./yoga.ts): this one governs.
 */
export function useBodyLimit(path: string): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== path || request.method === 'GET' || request.method === 'OPTIONS') return;
      const length = request.headers.get('content-length');
      const { limit, message } = bodyLimit(request);
      if (length !== null && (!/^\d+$/.test(length) || Number(length) > limit)) endResponse(refusal(413, 'PAYLOAD_TOO_LARGE', message));
    },
    onRequestParse({ request, url, requestParser, setRequestParser, fetchAPI }) {
      if (url.pathname !== path || !requestParser || !request.body) return;
      const { limit, message } = bodyLimit(request);
      setRequestParser(async (parsed) => {
        let size = 0;
        // The body may be Node's own stream or the fetch ponyfill's; each pipes only through its own kind.
        const Transform = parsed.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
        const counted = parsed.body!.pipeThrough(
          new Transform<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              size += chunk.byteLength;
              if (size > limit) controller.error(new PayloadTooLargeError(message));
              else controller.enqueue(chunk);
            },
          }),
        );
        try {
          return await requestParser(
            new fetchAPI.Request(parsed.url, {
              method: parsed.method,
              headers: parsed.headers,
              signal: parsed.signal,
              body: counted,
              duplex: 'half',
            } as RequestInit),
          );
        } catch (error) {
          if (size > limit) throw new PayloadTooLargeError(message);
          throw error;
        }
      });
    },
  };
}

/**
 * `Origin: null` is what a sandboxed frame, a file or a redirect across sites sends: no page of the portals
 * does, and CORS cannot tell one such page from another, so the API refuses it (CORS grants it nothing).
 */
export function useNullOriginRefusal(path: string): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== path || request.headers.get('origin') !== 'null') return;
      endResponse(refusal(403, 'ORIGIN_REFUSED', 'This API does not answer pages of an opaque origin (Origin: null): call it from the dashboard or a portal.'));
    },
  };
}

/** Whether a request, or the preflight before it, carries the header that marks a widget's request. */
function isWidgetRequest(request: Request, widgetHeader: string): boolean {
  if (request.method !== 'OPTIONS') return request.headers.has(widgetHeader);
  return (request.headers.get('access-control-request-headers') ?? '')
    .toLowerCase()
    .split(',')
    .some((name) => name.trim() === widgetHeader);
}

/**
 * CORS. The portals of `corsOrigins` may call the API. A widget's request (marked by `widgetHeader`, so its
 * preflight names it) may come from a page of any origin: useWidgetRequests holds it to an embed token, the
 * token holds it to its portal origins (src/access/portals.ts), and these headers let the widget read why it
 * was refused (which origin, which are allowed) instead of a network error it could not tell from a server
 * down. Never credentials: tokens travel in a header. Nothing to `Origin: null` (useNullOriginRefusal). The
 * widget script's `*` is useSecurityHeaders': set here, it would replace its Vary: Accept-Encoding.
 */
export function corsOf(corsOrigins: string[], path: string, widgetHeader: string, csrfHeader: string): (request: Request) => CORSOptions {
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || origin === 'null') return false;
    if (new URL(request.url).pathname === path && isWidgetRequest(request, widgetHeader)) {
      return {
        origin: [origin],
        methods: ['POST'],
        allowedHeaders: ['content-type', 'accept', 'authorization', widgetHeader],
        credentials: false,
        maxAge: 600,
      };
    }
    return corsOrigins.includes(origin)
      ? { origin: [origin], methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'accept', 'authorization', csrfHeader] }
      : false;
  };
}

/**
 * A widget's request, which CORS lets every origin read (corsOf), runs on an embed token or not at all:
 * refused here, before anything reads it. An embed token then runs only the widget's persisted operation.
 */
export function useWidgetRequests(path: string, widgetHeader: string): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== path || request.method === 'OPTIONS' || !request.headers.has(widgetHeader) || claimsEmbedToken(request)) return;
      endResponse(
        refusal(
          401,
          'EMBED_TOKEN_REQUIRED',
          `A request with the ${widgetHeader} header is a widget's: it needs an embed token (Authorization: Bearer <embed token>).`,
          {
            'www-authenticate': 'Bearer',
          },
        ),
      );
    },
  };
}

/** Content types a browser sends cross-site without asking the server first (a CORS preflight). */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * CSRF prevention: a request a page of any site could make without a preflight (a form, a GET, a multipart
 * upload) must carry `header`, which only a script of an origin CORS allows can add. JSON POSTs are
 * preflighted already. GraphiQL's own page (a GET for HTML) is not an operation.
 */
export function useCsrfPrevention(path: string, header: string): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== path || request.method === 'OPTIONS' || request.headers.has(header)) return;
      if (request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html')) return;
      const contentType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (request.method === 'POST' && contentType && !SIMPLE_CONTENT_TYPES.includes(contentType)) return;
      endResponse(
        refusal(403, 'CSRF_HEADER_REQUIRED', `This request could come from any web page: send it with the ${header} header (any value), or as JSON.`),
      );
    },
  };
}

/** What the API reads: JSON operations (GraphQL over HTTP), and multipart for uploads. */
const MEDIA_TYPES = ['application/json', 'application/graphql-response+json', 'multipart/form-data'];

/** Refuses a body the API cannot read with a code, where yoga would answer a bare 415. */
export function useMediaTypes(path: string): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== path || request.method !== 'POST') return;
      const contentType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!MEDIA_TYPES.includes(contentType)) {
        endResponse(
          refusal(
            415,
            'UNSUPPORTED_MEDIA_TYPE',
            `Send the operation as application/json (or multipart/form-data for an upload), not ${contentType || 'without a content type'}.`,
          ),
        );
      }
    },
  };
}

/** graphql-js's refusals of a variable or argument value, which it leaves without a code. */
const isUncodedInputError = (error: GraphQLError) => !error.extensions?.code && /^(Variable "\$|Argument ")/.test(error.message);

/** A variable of the wrong type is the caller's input: BAD_USER_INPUT, a request error (src/errors.ts). */
export function useInputErrorCodes(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.some(isUncodedInputError)) return;
      setResult({
        ...result,
        errors: result.errors.map((error) =>
          isUncodedInputError(error) ? new RequestInputError(error.message, { nodes: error.nodes, path: error.path }) : error,
        ),
      });
    },
  };
}

/**
 * Counts requests to the API per bearer token (hashed: tokens are never kept) and per address.
 * The address is the socket's: behind a reverse proxy, limit there as well (docs/access.md).
 */
export function useRateLimit(path: string, perMinute: number): Plugin<object, { req?: { socket?: { remoteAddress?: string } } }> {
  const perToken = new RateWindows(perMinute);
  // Every request counts for its address too, so that made-up tokens do not each get a fresh allowance;
  // an office behind one address has many users, hence the larger allowance.
  const perAddress = new RateWindows(ADDRESS_ALLOWANCE * perMinute);
  return {
    onRequest({ request, url, endResponse, serverContext }) {
      if (perMinute === 0 || url.pathname !== path || request.method === 'OPTIONS') return;
      const authorization = authorizationOf(request);
      const address = serverContext?.req?.socket?.remoteAddress ?? 'local';
      const addressWait = perAddress.take(address);
      // A header no token can be is refused here, counted for its address only: each variant of it would
      // otherwise hash to a fresh allowance.
      if (authorization && !isAsciiHeader(authorization) && addressWait === 0) {
        endResponse(refusal(401, 'UNAUTHENTICATED', 'The Authorization header must read "Bearer <token>", in ASCII only.', { 'www-authenticate': 'Bearer' }));
        return;
      }
      const tokenWait = authorization ? perToken.take(createHash('sha256').update(authorization).digest('base64url')) : 0;
      const wait = Math.max(addressWait, tokenWait);
      if (wait > 0) {
        const limit = tokenWait > 0 ? `${perMinute} a minute per token` : `${ADDRESS_ALLOWANCE * perMinute} a minute per address`;
        endResponse(refusal(429, 'RATE_LIMITED', `Too many requests: at most ${limit}. Try again in ${wait} s.`, { 'retry-after': String(wait) }));
      }
    },
  };
}

/** How many times RATE_LIMIT one address may send, all tokens together. */
export const ADDRESS_ALLOWANCE = 5;

/**
 * Headers on every answer. Pages get a strict Content-Security-Policy and may not be framed, except the
 * embed page, which only the portals its token names may frame (`framers`, src/access/portals.ts); the widget
 * script may be loaded from anywhere. GraphiQL's page, at `graphiql.path` (yoga also serves it with a final
 * slash), gets the policy its own inline script and style need instead.
 */
export function useSecurityHeaders(framers: (request: Request) => Promise<string[]>, graphiql?: { path: string; policy: () => Promise<string> }): Plugin {
  const pagePolicy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
  return {
    async onResponse({ request, response }) {
      const { pathname } = new URL(request.url);
      const headers = response.headers;
      headers.set('x-content-type-options', 'nosniff');
      headers.set('referrer-policy', 'no-referrer');
      const html = (headers.get('content-type') ?? '').startsWith('text/html');
      // The widget script is public: loaded by any page, as a classic script or (fetched with CORS) a module.
      if (pathname.startsWith('/widgets/')) {
        headers.set('cross-origin-resource-policy', 'cross-origin');
        headers.set('access-control-allow-origin', '*');
      }
      if (!html) return;
      const embed = pathname.startsWith('/embed/');
      if (!embed) headers.set('x-frame-options', 'DENY');
      const policy = graphiql && pathname.replace(/\/$/, '') === graphiql.path ? await graphiql.policy() : pagePolicy;
      const framing = embed ? ["'self'", ...(await framers(request))].join(' ') : "'none'";
      headers.set('content-security-policy', `${policy}; frame-ancestors ${framing}`);
    },
  };
}

/**
 * The schema has no subscriptions, and GraphQL over HTTP defines none: such an operation is not a request
 * this server reads, so it answers 400 under both media types (`spec: false` keeps yoga from answering 200
 * under application/json, as it does for GraphQL's own validation failures).
 */
function noSubscriptions(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation !== 'subscription') return;
      context.reportError(
        new GraphQLError('This API has no subscriptions: send a query or a mutation.', {
          nodes: node,
          extensions: { code: 'BAD_REQUEST', http: { status: 400, spec: false } },
        }),
      );
    },
  };
}

export function useSubscriptionRefusal(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(noSubscriptions);
    },
  };
}

function asksForSchema(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true;
    },
  });
  return found;
}

/** Who may read the schema: everyone (development), analysts and administrators, or nobody. */
export function useIntrospectionPolicy(policy: IntrospectionPolicy): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (
        policy === 'all' ||
        !args.document.definitions.some((definition: { kind: Kind }) => definition.kind === Kind.OPERATION_DEFINITION) ||
        !asksForSchema(args.document)
      )
        return;
      const { viewer } = args.contextValue;
      if (policy === 'analysts' && viewer.kind === 'user' && SCHEMA_READERS.includes(viewer.role)) return;
      const error =
        policy === 'off'
          ? new ForbiddenError('This server does not answer introspection.', 'Máy chủ này không trả lời truy vấn cấu trúc (introspection).')
          : new ForbiddenError(
              'Introspection is for analysts and administrators: sign in and send your token.',
              'Truy vấn cấu trúc (introspection) dành cho chuyên viên phân tích và quản trị viên: hãy đăng nhập và gửi mã của bạn.',
            );
      setResultAndStopExecution({ errors: [createGraphQLError(error.message, { extensions: error.extensions })] });
    },
  };
}
