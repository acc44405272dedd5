// Who is signed in, and the requests that carry their token. The session the API answers at sign-in is kept
// in sessionStorage: it lasts as long as the tab and leaves with it, so that a shared office computer does
// not stay signed in. GraphiQL (/graphql) gets the same token in its persisted headers, so that a leader
// signed in here can also try the API there; signing out takes it back from both.
import { print } from '@0no-co/graphql.web';
import { ApiError, graphqlRequest, uploadRequest } from './api.ts';
import { graphql, type ResultOf, type TadaDocumentNode, type VariablesOf } from './graphql.ts';

const endpoint = '/graphql';

/** Where the session is kept (sessionStorage). */
export const sessionKey = 'dvk:session';
/** Where GraphiQL keeps the headers editor's text (localStorage, yoga's GraphiQL with shouldPersistHeaders). */
const graphiqlHeadersKey = 'graphiql:headers';
/** Where GraphiQL keeps its tabs, each with its own copy of the headers. */
const graphiqlTabsKey = 'graphiql:tabState';

const signInMutation = graphql(`
  mutation SignIn($username: String!, $password: String!) {
    signIn(username: $username, password: $password) {
      token expiresAt
      user { username displayName role roleName { vi en } unit { code name } }
    }
  }
`);

/** A session the API answered at sign-in: its token, when it expires, and who it is. */
export type Session = ResultOf<typeof signInMutation>['signIn'];
/**
 * Who is signed in: their role says what they may do (src/access/roles.ts; the officers' app shows only
 * those screens), their unit the subtree they read (null for the whole country).
 */
export type SessionUser = Session['user'];

let current: Session | null = stored();
let whenExpired: () => void = () => {};

function stored(): Session | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(sessionKey) ?? 'null') as Session | null;
    return session && Date.parse(session.expiresAt) > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function currentSession(): Session | null {
  return current;
}

/** What to do when the API no longer accepts the session (it expired, or the account was disabled). */
export function onSessionExpired(listener: () => void): void {
  whenExpired = listener;
}

/** Signs in; a wrong name or password rejects with an ApiError whose code is UNAUTHENTICATED. */
export async function signIn(username: string, password: string): Promise<Session> {
  const variables: VariablesOf<typeof signInMutation> = { username, password };
  const { signIn: session } = await graphqlRequest<ResultOf<typeof signInMutation>>(endpoint, print(signInMutation), variables);
  current = session;
  sessionStorage.setItem(sessionKey, JSON.stringify(session));
  localStorage.setItem(graphiqlHeadersKey, JSON.stringify({ Authorization: `Bearer ${session.token}` }, null, 2));
  return session;
}

/** Forgets the session here and in GraphiQL, whose tabs keep their own copies of the headers. */
export function signOut(): void {
  const token = current?.token;
  current = null;
  sessionStorage.removeItem(sessionKey);
  localStorage.removeItem(graphiqlHeadersKey);
  const tabs = localStorage.getItem(graphiqlTabsKey);
  if (!token || !tabs?.includes(token)) return;
  try {
    localStorage.setItem(
      graphiqlTabsKey,
      JSON.stringify(JSON.parse(tabs), (key, value) => (key === 'headers' && typeof value === 'string' && value.includes(token) ? null : value)),
    );
  } catch {
    localStorage.removeItem(graphiqlTabsKey);
  }
}

/**
 * A typed document (./graphql.ts) as the signed-in user: its answer has the document's type. UNAUTHENTICATED
 * signs out and tells the page, whoever asked.
 */
export function request<Document extends TadaDocumentNode<unknown, never>>(document: Document, variables: VariablesOf<Document>): Promise<ResultOf<Document>> {
  return asSignedIn((headers) => graphqlRequest<ResultOf<Document>>(endpoint, print(document), variables as Record<string, unknown>, { headers }));
}

/** A typed document with a file (at `$file`, left out of `variables`), as the signed-in user. */
export function upload<Document extends TadaDocumentNode<unknown, never>>(
  document: Document,
  variables: Omit<VariablesOf<Document>, 'file'>,
  file: File,
): Promise<ResultOf<Document>> {
  return asSignedIn((headers) => uploadRequest<ResultOf<Document>>(endpoint, print(document), variables, file, { headers }));
}

async function asSignedIn<T>(send: (headers: Record<string, string>) => Promise<T>): Promise<T> {
  const session = current;
  try {
    return await send(session ? { authorization: `Bearer ${session.token}` } : {});
  } catch (error) {
    // Only the session that failed: an answer that comes back after the reader signed in again is stale.
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED' && session && current === session) {
      signOut();
      whenExpired();
    }
    throw error;
  }
}
