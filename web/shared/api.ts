// The GraphQL client of the dashboard and the widgets: one POST per operation, errors as exceptions
// whose message the page can show.

export class ApiError extends Error {}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Aborts a request whose answer is no longer wanted (a widget whose attributes changed). */
  signal?: AbortSignal;
}

export async function graphqlRequest<T>(endpoint: string, query: string, variables: Record<string, unknown>, options: RequestOptions = {}): Promise<T> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...options.headers },
    body: JSON.stringify({ query, variables }),
    // Widgets run on other sites' pages: never send that site's cookies along.
    credentials: 'omit',
    signal: options.signal,
  });
  const body = (await response.json().catch(() => null)) as { data?: T; errors?: { message: string }[] } | null;
  if (body?.errors?.length) throw new ApiError(body.errors.map((error) => error.message).join('; '));
  if (!response.ok || !body?.data) throw new ApiError(`HTTP ${response.status}`);
  return body.data;
}
