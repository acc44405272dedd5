// The analytics thread: the heavy part of a read, computing kept tallies from the records (a whole
// country's after a seed or a saveIndicator: millions of fact rows) and a coverage counted from the
// records, runs on a worker thread with its own database connection, so that the request thread goes on
// answering /health, cached answers, sign-in and other units' dashboards meanwhile (issue 14). On SQLite
// the driver is synchronous: a statement holds the thread that sends it until it is done, so only another
// thread keeps the server answering; on PostgreSQL the statements wait asynchronously, but adding up their
// rows is work of the thread too.
//
// One worker per database client, started on first use, and started again after it died; what it computes
// is stored as on the request thread (./tallies/store.ts), so nothing depends on which thread did it.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { queryListeners, urlOfDatabase, type Database } from '../db/client.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
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
  perUnit: [unitId: number, numerator: number, denominator: number][];
}

/** `answer` null: the thread's tree is no longer the request's (a tree change landed in between). */
type Reply = { id: number; answer: unknown } | { id: number; error: { message: string; stack?: string } } | { query: Prisma.QueryEvent };

/** What the analytics threads have done since the process started, for /metrics. */
export const threadFigures = { started: 0, tasks: 0, failed: 0, running: 0, overtaken: 0 };

class AnalyticsThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { settle: (answer: never) => void; fail: (error: Error) => void }>();
  #next = 0;
  #gone: Error | undefined;

  constructor(db: Database, databaseUrl: string, onExit: () => void) {
    // Node loads TypeScript through tsx's loader, registered in the thread before its entry is imported:
    // a worker does not inherit the loader that vitest or `tsx` gave this thread.
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./thread-entry.ts', import.meta.url).href)}); })`;
    this.#worker = new Worker(boot, { eval: true, workerData: { databaseUrl }, name: 'analytics' });
    // The process does not stay up for the thread alone: a command that is done exits.
    this.#worker.unref();
    threadFigures.started++;
    this.#worker.on('message', (reply: Reply) => {
      // The thread's statements are the client's too, for those who count them (tests, benchmarks).
      if ('query' in reply) return queryListeners(db).forEach((listener) => listener(reply.query));
      const waiting = this.#pending.get(reply.id);
      if (!waiting) return;
      this.#pending.delete(reply.id);
      threadFigures.running--;
      if ('error' in reply) {
        threadFigures.failed++;
        waiting.fail(Object.assign(new Error(reply.error.message), { stack: reply.error.stack }));
      } else waiting.settle(reply.answer as never);
    });
    const end = (error: Error) => {
      this.#gone = error;
      onExit();
      for (const { fail } of this.#pending.values()) fail(error);
      threadFigures.running -= this.#pending.size;
      threadFigures.failed += this.#pending.size;
      this.#pending.clear();
    };
    this.#worker.on('error', end);
    this.#worker.on('exit', (code) => end(new Error(`the analytics thread stopped (exit code ${code})`)));
  }

  run<K extends Task['kind']>(task: Extract<Task, { kind: K }>): Promise<Answers[K] | null> {
    if (this.#gone) return Promise.reject(this.#gone);
    const id = this.#next++;
    threadFigures.tasks++;
    threadFigures.running++;
    return new Promise((settle, fail) => {
      this.#pending.set(id, { settle, fail });
      this.#worker.postMessage({ id, task });
    });
  }

  stop(): Promise<number> {
    return this.#worker.terminate();
  }
}

const threads = new WeakMap<Database, AnalyticsThread>();

/**
 * Runs a task on the database's analytics thread (`compute`: how, on the request's facts). Here, when this
 * is that thread, when the client was opened otherwise than by createDatabase (no URL to open a
 * connection with), or when a tree change landed between the request's read of the tree and the
 * thread's: the request's tree is then the request thread's alone, and the request counts on it.
 */
export async function onAnalyticsThread<K extends Task['kind']>(db: Database, task: Extract<Task, { kind: K }>, compute: () => Promise<Answers[K]>): Promise<Answers[K]> {
  const url = urlOfDatabase(db);
  if (!isMainThread || !url) return compute();
  let thread = threads.get(db);
  if (!thread) {
    if (!stopping.has(db)) stopWithClient(db);
    const started = new AnalyticsThread(db, url, () => threads.get(db) === started && threads.delete(db));
    threads.set(db, (thread = started));
  }
  return (await thread.run(task)) ?? (threadFigures.overtaken++, compute());
}

const stopping = new WeakSet<Database>();

/** The client's thread stops when it disconnects. */
function stopWithClient(db: Database) {
  stopping.add(db);
  const { $disconnect } = db;
  db.$disconnect = () => Promise.all([threads.get(db)?.stop(), $disconnect.call(db)]).then(() => undefined);
}

/**
 * In the analytics thread: answers the request thread's tasks with `answer`, on a client of its own;
 * `answer` answers null when its tree is not the task's.
 */
export function serveTasks(answer: (db: Database, task: Task) => Promise<unknown>, open: (url: string) => Database) {
  if (isMainThread || !parentPort) throw new Error('serveTasks runs in the analytics thread');
  const port = parentPort;
  const db = open((workerData as { databaseUrl: string }).databaseUrl);
  db.$on('query', ({ timestamp, query, params, duration, target }) => port.postMessage({ query: { timestamp, query, params, duration, target } }));
  port.on('message', ({ id, task }: { id: number; task: Task }) => {
    answer(db, task).then(
      (result) => port.postMessage({ id, answer: result }),
      (error: unknown) => port.postMessage({ id, error: error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) } }),
    );
  });
}
