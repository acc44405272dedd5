// What the server logs of its requests: one line per request, written by the listener when the answer has
// been sent (or the connection lost), with its method, path, status, duration and, for the API, the
// operation's name and the codes of its errors, which the yoga instance notes on the way (useRequestFacts).
// The line never holds a header, the query string (an embed page's token travels in it), variables or a
// body: nothing secret can reach it.
import { getOperationAST } from 'graphql';
import type { IncomingMessage, RequestListener } from 'node:http';
import type { Plugin, YogaLogger } from 'graphql-yoga';
import type { Logger } from '../log.ts';
import { getOrMake } from '../lib/maps.ts';

/** What the yoga instance learnt about one request of the listener. */
interface RequestFacts {
  operation?: string;
  codes: Set<string>;
}

const facts = new WeakMap<IncomingMessage, RequestFacts>();

function factsOf(req: IncomingMessage): RequestFacts {
  return getOrMake(facts, req, () => ({ codes: new Set() }));
}

/** A GraphQL name, as an operation's must be: anything else the client sent is not logged. */
const isName = (name: unknown): name is string => typeof name === 'string' && /^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name);

type ServerContext = { req?: IncomingMessage };

/**
 * Notes each request's operation name and error codes for the listener's line. The name is the one the
 * client sent until the operation is parsed (a cached answer is never parsed), then the executed one's.
 * The codes are those of the result, or, for a refusal answered before any operation (a rate limit, a
 * body too large), those of its JSON body.
 */
export function useRequestFacts(): Plugin<ServerContext, ServerContext> {
  return {
    onParams({ params, context }) {
      if (context?.req && isName(params.operationName)) factsOf(context.req).operation = params.operationName;
    },
    onExecute({ args }) {
      const req = args.contextValue.req;
      const name = getOperationAST(args.document, args.operationName)?.name?.value;
      if (req && name) factsOf(req).operation = name;
    },
    onResultProcess({ result, serverContext }) {
      if (!serverContext?.req) return;
      const codes = factsOf(serverContext.req).codes;
      for (const one of Array.isArray(result) ? result : [result]) {
        if (!('errors' in one)) continue;
        for (const error of one.errors ?? []) if (typeof error.extensions?.code === 'string') codes.add(error.extensions.code);
      }
    },
    async onResponse({ response, serverContext }) {
      if (!serverContext?.req || response.status < 400 || !(response.headers.get('content-type') ?? '').includes('json')) return;
      const known = factsOf(serverContext.req);
      if (known.codes.size) return;
      const body = (await response
        .clone()
        .json()
        .catch(() => undefined)) as { errors?: { extensions?: { code?: unknown } }[] } | undefined;
      for (const error of body?.errors ?? []) if (typeof error.extensions?.code === 'string') known.codes.add(error.extensions.code);
    },
  };
}

/** The path alone: the query string may carry a token. */
const pathOf = (url: string | undefined) => (url ?? '').split('?')[0]!.slice(0, 300);

/** Wraps the listener's handler: one line per request, once its answer is sent or its connection gone. */
export function loggingEachRequest(handler: RequestListener, logger: Logger): RequestListener {
  return (req, res) => {
    const started = performance.now();
    res.once('close', () => {
      const known = facts.get(req);
      const line = {
        method: req.method,
        path: pathOf(req.url),
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ...(known?.operation && { operation: known.operation }),
        ...(known?.codes.size && { codes: [...known.codes] }),
        // The client left before the whole answer was sent.
        ...(!res.writableFinished && { aborted: true }),
      };
      if (res.statusCode >= 500) logger.error(line, 'request');
      else logger.info(line, 'request');
    });
    handler(req, res);
  };
}

/**
 * Yoga's own messages (an unexpected error, with its stack, before it is masked) go to the same log. Yoga
 * passes one argument, a message or an error; pino serialises an error with its stack.
 */
export function yogaLogging(logger: Logger): YogaLogger {
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (message: unknown) => logger[level](message);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
