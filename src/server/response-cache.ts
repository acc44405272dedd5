// Answers to queries, cached per viewer and per data version. The key holds who asks (user, role and unit,
// or embed token) and the data version (src/db/data-version.ts), which every write raises: a write makes
// every earlier answer unreachable, on this server and on any other sharing the database, at the cost of
// one small read per request (./requests.ts). Errors (a refusal) are never cached; mutations never are.
// Identical queries of one viewer asked while one of them runs wait for it and take its cached answer.
import { createInMemoryCache, hashSHA256, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { getOperationAST, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Viewer } from '../access/viewer.ts';
import { isUpload } from './inputs.ts';
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
  // With invalidateViaMutation off, the plugin treats a mutation as a query: it kept a signIn's answer
  // (its token) and gave it again to the next identical signIn, even after the name was locked out. So it
  // is off for every execution that is not a query, marked before the plugin sees it; a mutation is then
  // neither looked up, nor kept, nor given an ETag.
  const notQueries = new WeakSet<object>();
  const session = async (request: Request) => {
    const [viewer, { version }] = await Promise.all([reads.viewer(request), reads.versions(request)]);
    return `${viewerKey(viewer)}@${version}`;
  };
  /**
   * The executions running, by viewer, version, operation and variables. After a write every cached answer
   * is gone, and the readers of a dashboard all ask at once: executed side by side, in turns (src/turns.ts),
   * each missed the cache and computed the same answer (bench:load lost 40 % of its throughput). Now the
   * first computes it and the others wait, then find it cached; if it failed, they execute as usual.
   */
  const running = new Map<string, Promise<void>>();
  // Yoga parses a query text once and gives every request of it the same document.
  const documents = new WeakMap<DocumentNode, number>();
  let documentsSeen = 0;
  const documentId = (document: DocumentNode) => documents.get(document) ?? (documents.set(document, ++documentsSeen), documentsSeen);
  return [
    {
      onExecute({ args }) {
        if (getOperationAST(args.document, args.operationName)?.operation !== 'query') notQueries.add(args.contextValue);
      },
    },
    {
      async onExecute({ args }) {
        const request = (args.contextValue as { request?: Request }).request;
        if (notQueries.has(args.contextValue) || !request) return;
        const key = `${await session(request)} ${documentId(args.document)} ${args.operationName ?? ''} ${JSON.stringify(args.variableValues ?? {})}`;
        const earlier = running.get(key);
        if (earlier) return void (await earlier);
        let finished!: () => void;
        running.set(key, new Promise((resolve) => (finished = resolve)));
        return {
          // A turn later: once every hook of the execution has run, the cache's that keeps the answer among them.
          onExecuteDone: () =>
            void setImmediate(() => {
              running.delete(key);
              finished();
            }),
        };
      },
    },
    useResponseCache({
      enabled: (_request, context) => !notQueries.has(context as object),
      cache: createInMemoryCache({ max: options.maxEntries ?? 2000 }),
      ttl: options.ttl,
      session,
      // The plugin keys every request before it knows a mutation from a query, stringifying its variables:
      // an upload's bytes became an array of millions of numbers (3 MB held the request thread 2.5 s). A
      // file is keyed by its name and size; a request with one is a mutation, never answered from the cache.
      buildResponseCacheKey: ({ sessionId, operationName, documentString, variableValues }) =>
        hashSHA256([sessionId, operationName ?? '', documentString, JSON.stringify(variableValues ?? {}, (_key, value: unknown) => (isUpload(value) ? { file: value.name, size: value.size } : value))].join('\n')),
      // The data version does this for every write, including imports that return no entities.
      invalidateViaMutation: false,
      includeExtensionMetadata: options.showHits ?? false,
    }),
  ];
}
