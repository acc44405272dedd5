// Answers to queries, cached per viewer and per data version. The key holds who asks (user, role and unit,
// or embed token) and the data version (src/db/data-version.ts), which every write raises: a write makes
// every earlier answer unreachable, on this server and on any other sharing the database, at the cost of
// one small read per request (./requests.ts). Errors (a refusal) are never cached; mutations never are.
import { createInMemoryCache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Viewer } from '../access/viewer.ts';
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
  return [
    {
      onExecute({ args }) {
        if (getOperationAST(args.document, args.operationName)?.operation !== 'query') notQueries.add(args.contextValue);
      },
    },
    useResponseCache({
      enabled: (_request, context) => !notQueries.has(context as object),
      cache: createInMemoryCache({ max: options.maxEntries ?? 2000 }),
      ttl: options.ttl,
      session: async (request) => {
        const [viewer, { version }] = await Promise.all([reads.viewer(request), reads.versions(request)]);
        return `${viewerKey(viewer)}@${version}`;
      },
      // The data version does this for every write, including imports that return no entities.
      invalidateViaMutation: false,
      includeExtensionMetadata: options.showHits ?? false,
    }),
  ];
}
