// The analytics thread (src/threads.ts): the heavy part of a read, computing kept tallies from the records
// (a whole country's after a seed or a saveIndicator: millions of fact rows) and a coverage counted from
// the records, runs on a worker thread with its own database connection, so that the request thread goes
// on answering /health, cached answers, sign-in and other units' dashboards meanwhile (issue 14). What it
// computes is stored as on the request thread (./tallies/store.ts), so nothing depends on which thread did it.
import type { Database } from '../db/client.ts';
import { onThread, type ThreadKind } from '../threads.ts';
import type { Definition } from '../indicators/definition.ts';
import type { KeptTally, TallyKey } from './tallies/rows.ts';

/**
 * What the request thread asks the analytics thread, on the unit tree of `treeVersion`: the request's, so
 * that every number of one answer counts the same tree.
 */
export type Task = { treeVersion: number } & (
  | { kind: 'rows'; keys: TallyKey[]; startVersion: number }
  | { kind: 'perUnit'; definition: Definition; year: number; day: Date; fieldId: number | undefined; root: number }
);

/** Its answers: the rows of the keys in their order; numerator and denominator by unit. */
export interface Answers {
  rows: KeptTally[];
  perUnit: [unitId: number, numerator: number, denominator: number, records: number][];
}

/** What the analytics thread has done since the process started, for /metrics; `overtaken`: tasks its tree was too old for. */
export const threadFigures = { started: 0, tasks: 0, failed: 0, running: 0, overtaken: 0 };

const ANALYTICS: ThreadKind = { name: 'analytics', entry: new URL('./thread-entry.ts', import.meta.url), figures: threadFigures };

/**
 * Runs a task on the database's analytics thread (`compute`: how, on the request's facts). Here, when this
 * is that thread, when the client was opened otherwise than by createDatabase (no URL to open a
 * connection with), or when a tree change landed between the request's read of the tree and the
 * thread's (it answers null): the request's tree is then the request thread's alone, and the request
 * counts on it.
 */
export async function onAnalyticsThread<K extends Task['kind']>(
  db: Database,
  task: Extract<Task, { kind: K }>,
  compute: () => Promise<Answers[K]>,
): Promise<Answers[K]> {
  const answer = onThread(db, ANALYTICS, task) as Promise<Answers[K] | null> | undefined;
  if (!answer) return compute();
  const answered = await answer;
  if (answered !== null) return answered;
  threadFigures.overtaken++;
  return compute();
}
