// The GraphQL client of the dashboard and the widgets: one POST per operation, errors as exceptions
// whose message the page can show and whose code (UNAUTHENTICATED, FORBIDDEN, …) it can act on.
import type { Lang } from './format.ts';

/** A problem of an input at its path (["input", "startYear"]), in English and, where the rule has it, Vietnamese. */
export interface Problem {
  path: (string | number)[];
  message: string;
  vi?: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    /** The first error's `extensions.code`, e.g. UNAUTHENTICATED (401) or FORBIDDEN (403). */
    readonly code?: string,
    /** BAD_USER_INPUT's problems, each at its field (src/errors.ts). */
    readonly problems: Problem[] = [],
    /** The message in Vietnamese, where the API says it (a refusal outside the viewer's area). */
    readonly vi?: string,
  ) {
    super(message);
  }

  /** The message in the page's language: Vietnamese where the API says it so, English otherwise. */
  in(lang: Lang): string {
    return (lang === 'vi' && this.vi) || this.message;
  }
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Aborts a request whose answer is no longer wanted (a widget whose attributes changed). */
  signal?: AbortSignal;
}

type Variables = Record<string, unknown>;

/** What this client reads of an error's extensions (src/errors.ts). */
interface ErrorExtensions {
  code?: string;
  problems?: Problem[];
  vi?: string;
}

const ACCEPT = 'application/graphql-response+json, application/json';

async function post<T>(endpoint: string, body: object, options: RequestOptions): Promise<T> {
  return answerOf<T>(
    await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, ...options.headers },
      body: JSON.stringify(body),
      // Widgets run on other sites' pages: never send that site's cookies along.
      credentials: 'omit',
      signal: options.signal,
    }),
  );
}

/**
 * An operation with a file, as the GraphQL multipart request spec sends it (the file at `variables.file`).
 * A multipart POST is one any page could send without a preflight: the CSRF header (CSRF_HEADER,
 * src/server/yoga.ts) says it is not that.
 */
export async function uploadRequest<T>(endpoint: string, query: string, variables: Variables, file: File, options: RequestOptions = {}): Promise<T> {
  const body = new FormData();
  body.set('operations', JSON.stringify({ query, variables: { ...variables, file: null } }));
  body.set('map', JSON.stringify({ 0: ['variables.file'] }));
  body.set('0', file, file.name);
  return answerOf<T>(
    await fetch(endpoint, {
      method: 'POST',
      headers: { accept: ACCEPT, 'x-dvk-csrf': '1', ...options.headers },
      body,
      credentials: 'omit',
      signal: options.signal,
    }),
  );
}

/** The data of an answer, or an ApiError with the first error's code, problems and Vietnamese. */
async function answerOf<T>(response: Response): Promise<T> {
  const answer = (await response.json().catch(() => null)) as { data?: T; errors?: { message: string; extensions?: ErrorExtensions }[] } | null;
  const errors = answer?.errors ?? [];
  if (errors.length) {
    const { code, problems, vi } = errors[0]!.extensions ?? {};
    throw new ApiError(errors.map((error) => error.message).join('; '), code, problems, vi);
  }
  if (!response.ok || !answer?.data) throw new ApiError(`HTTP ${response.status}`);
  return answer.data;
}

export function graphqlRequest<T>(endpoint: string, query: string, variables: Variables, options: RequestOptions = {}): Promise<T> {
  return post<T>(endpoint, { query, variables }, options);
}

/** Runs a persisted operation by its hash, without its text: all an embed token may send. */
export function persistedRequest<T>(endpoint: string, sha256Hash: string, variables: Variables, options: RequestOptions = {}): Promise<T> {
  return post<T>(endpoint, { extensions: { persistedQuery: { version: 1, sha256Hash } }, variables }, options);
}
