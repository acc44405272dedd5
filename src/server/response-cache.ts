// Answers to queries, cached per viewer and per data version. The key holds who asks (user, role and unit,
// or embed token) and the data version (src/db/data-version.ts), which every write raises: a write makes
// every earlier answer unreachable, on this server and on any other sharing the database, at the cost of
// one small read per request (./requests.ts). Errors (a refusal) are never cached; mutations never are, nor
// answers a resolver marks as moving without a write (Context.uncached: how far an import is).
// Identical queries of one viewer asked while one of them runs wait for it and take its cached answer.
//
// The cache is this plugin's own, on the LRU of graphql-yoga's response cache. That plugin adds `__typename`
// and `id` to every selection, to find the entities a mutation invalidates, and walks every answer it keeps
// to take them out again: on a province's dashboard (thousands of objects) 100-300 ms of the request thread
// in one go, the longest hold under bench:load. The data version invalidates here; nothing needs entities.
import { createInMemoryCache, hashSHA256 } from '@graphql-yoga/plugin-response-cache';
import { getOperationAST, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Viewer } from '../access/viewer.ts';
import type { Context } from '../context.ts';
import { isUpload } from '../lib/uploads.ts';
import type { RequestReads } from './requests.ts';

export interface ResponseCacheOptions {
  /** How long an answer may be reused while no write happens, in milliseconds; 0 turns the cache off. */
  ttl: number;
  /** Answers kept, least recently used dropped first. */
  maxEntries?: number;
  /** Adds `extensions.responseCache` ({ hit }) to answers: for tests and benchmarks. */
  showHits?: boolean;
}

function viewerKey(viewer: Viewer): string {
  if (viewer.kind === 'user') return `user:${viewer.id}:${viewer.role}:${viewer.unit?.id ?? 'country'}`;
  if (viewer.kind === 'embed') return `embed:${viewer.id}`;
  return 'anonymous';
}

/** The cache looks answers up before the context exists, so it reads the version and the viewer first. */
export function useCachedResponses(reads: RequestReads, options: ResponseCacheOptions): Plugin[] {
  if (options.ttl === 0) return [];
  const cache = createInMemoryCache({ max: options.maxEntries ?? 2000 });
  /** Each request's key: who asks, at which data version, what. */
  const keys = new WeakMap<Request, string>();
  /**
   * The executions running, by key. After a write every cached answer is gone, and the readers of a
   * dashboard all ask at once: executed side by side, in turns (src/turns.ts), each missed the cache and
   * computed the same answer (bench:load lost 40 % of its throughput). Now the first computes it and the
   * others wait, then find it cached; if it failed, they execute as usual.
   */
  const running = new Map<string, Promise<void>>();
  const answer = (result: ExecutionResult, hit: boolean): ExecutionResult =>
    options.showHits ? { ...result, extensions: { ...result.extensions, responseCache: { hit } } } : result;
  return [
    {
      async onParams({ params, request, setResult }) {
        const [viewer, { version }] = await Promise.all([reads.viewer(request), reads.versions(request)]);
        // A file (an upload) is keyed by its name and size: its bytes as JSON were an array of millions of
        // numbers. A request with one is a mutation, never answered from the cache.
        const variables = JSON.stringify(params.variables ?? {}, (_key, value: unknown) => (isUpload(value) ? { file: value.name, size: value.size } : value));
        const operation = params.query ?? JSON.stringify(params.extensions?.persistedQuery ?? null);
        const key = await hashSHA256([viewerKey(viewer), version, params.operationName ?? '', operation, variables].join('\n'));
        keys.set(request, key);
        const cached = (await cache.get(key)) as ExecutionResult | undefined;
        if (cached) setResult(answer(cached, true));
      },
    },
    {
      async onExecute({ args, setResultAndStopExecution }) {
        const request = (args.contextValue as { request?: Request }).request;
        const key = request && keys.get(request);
        if (!key || getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
        const earlier = running.get(key);
        if (earlier) {
          await earlier;
          const cached = (await cache.get(key)) as ExecutionResult | undefined;
          if (cached) return void setResultAndStopExecution(answer(cached, true));
        }
        let finished!: () => void;
        const mine = new Promise<void>((resolve) => (finished = resolve));
        running.set(key, mine);
        return {
          onExecuteDone: ({ result, setResult }) => {
            if (!isAsyncIterable(result)) {
              if (!result.errors?.length && !(args.contextValue as Partial<Context>).uncached) void cache.set(key, result, [], options.ttl);
              setResult(answer(result, false));
            }
            if (running.get(key) === mine) running.delete(key);
            finished();
          },
        };
      },
    },
  ];
}
