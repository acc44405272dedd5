// Running operations in tests: against the schema directly, and over HTTP through yoga.fetch.
import { graphql, type ExecutionResult } from 'graphql';
import { inject } from 'vitest';
import { createDatabase, type Database } from '../../src/db/client.ts';
import type { Provider } from '../../src/db/datamodel.ts';
import { schema } from '../../src/schema/index.ts';
import { contextAs, signedInAs, testServer } from './viewers.ts';

export type Result = ExecutionResult<any>;

/** A client on the demo database of a provider (seeded once by the global setup). */
export function openDemoDatabase(provider: Provider): Database {
  return createDatabase(inject('demoDatabases')[provider]);
}

/** Executes against the schema as the national administrator and fails the test on any GraphQL error. */
export async function query(db: Database, source: string, variableValues?: Record<string, unknown>) {
  const result: Result = await graphql({ schema, source, variableValues, contextValue: contextAs(db) });
  if (result.errors?.length) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result.data;
}

/** Posts an operation through the yoga instance, as a browser or GraphiQL would, signed in as an administrator. */
export async function post(db: Database, source: string, variables?: Record<string, unknown>, authorization?: string | null) {
  const response = await testServer(db).fetch('http://localhost/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(authorization === null ? {} : { authorization: authorization ?? (await signedInAs(db, 'test.admin')) }),
    },
    body: JSON.stringify({ query: source, variables }),
  });
  return { status: response.status, body: (await response.json()) as Result };
}

/** Counts the SQL statements the client sends while `work` runs. */
export async function countStatements(db: Database, work: () => Promise<unknown>): Promise<number> {
  return (await statementsSent(db, work)).length;
}

/** The SQL of the statements the client sends while `work` runs. */
export async function statementsSent(db: Database, work: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  let recording = true;
  // Prisma cannot remove an event listener, so this one stops recording once the work is done.
  db.$on('query', (event) => {
    if (recording) sent.push(event.query);
  });
  try {
    await work();
  } finally {
    recording = false;
  }
  return sent;
}
