// Who is signed in, and the requests that carry their token. The session the API answers at sign-in is kept
// in sessionStorage: it lasts as long as the tab and leaves with it, so that a shared office computer does
// not stay signed in. GraphiQL (/graphql) gets the same token in its persisted headers, so that a leader
// signed in here can also try the API there; signing out takes it back from both.
import { ApiError, graphqlRequest, uploadRequest } from './api.ts';
import type { UnitRef, Words } from './coverage.ts';

const endpoint = '/graphql';

/** Where the session is kept (sessionStorage). */
export const sessionKey = 'dvk:session';
/** Where GraphiQL keeps the headers editor's text (localStorage, yoga's GraphiQL with shouldPersistHeaders). */
const graphiqlHeadersKey = 'graphiql:headers';
/** Where GraphiQL keeps its tabs, each with its own copy of the headers. */
const graphiqlTabsKey = 'graphiql:tabState';

export interface SessionUser {
  username: string;
  displayName: string;
  /** What the user may do (src/access/roles.ts): the officers' app shows only those screens. */
  role: 'ADMIN' | 'PROVINCE_OFFICER' | 'DISTRICT_OFFICER' | 'COMMUNE_OFFICER' | 'ANALYST' | 'VIEWER';
  roleName: Words;
  /** The unit whose subtree the user reads; null for the whole country. */
  unit: UnitRef | null;
}

export interface Session {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

const signInMutation = /* GraphQL */ `
  mutation SignIn($username: String!, $password: String!) {
    signIn(username: $username, password: $password) {
      token expiresAt
      user { username displayName role roleName { vi en } unit { code name } }
    }
  }
`;

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
  const { signIn: session } = await graphqlRequest<{ signIn: Session }>(endpoint, signInMutation, { username, password });
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

/** An operation as the signed-in user. UNAUTHENTICATED signs out and tells the page, whoever asked. */
export function request<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  return asSignedIn((headers) => graphqlRequest<T>(endpoint, query, variables, { headers }));
}

/** An operation with a file (at `$file`), as the signed-in user. */
export function upload<T>(query: string, variables: Record<string, unknown>, file: File): Promise<T> {
  return asSignedIn((headers) => uploadRequest<T>(endpoint, query, variables, file, { headers }));
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
