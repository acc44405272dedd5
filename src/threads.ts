// Work off the request thread (issue 14): a worker thread with a database connection of its own, to which
// the request thread sends tasks and from which it takes answers. The analytics thread computes kept
// tallies (src/analytics/thread.ts); the import thread reads, checks and writes spreadsheets
// (src/import/index.ts). On SQLite the driver is synchronous: a statement holds the thread that sends it
// until it is done, so only another thread keeps the server answering; on PostgreSQL the statements wait
// asynchronously, but parsing a file or adding up rows is work of the thread too.
//
// One thread of each kind per database client, started on first use and started again after it died;
// it stops when the client disconnects, and a process does not stay up for it alone.
import { GraphQLError } from 'graphql';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { queryListeners, urlOfDatabase, type Database } from './db/client.ts';
import type { Prisma } from './generated/sqlite/client.ts';
import { getOrMake } from './lib/maps.ts';

/** What a thread has done since the process started, for /metrics. */
export interface ThreadFigures {
  started: number;
  tasks: number;
  failed: number;
  running: number;
}

/** A kind of thread: its name, its entry (a module that calls `serveTasks`) and its figures. */
export interface ThreadKind {
  name: string;
  entry: URL;
  figures: ThreadFigures;
  /** Started by other threads too (the storing thread, by the analytics thread); others by the request thread only. */
  fromThreads?: boolean;
}

/**
 * A failure as it crosses between threads: an error with a stable code (src/errors.ts) keeps its message
 * and extensions, so that the caller is told what the thread would have told it; any other keeps its
 * stack for the log and is masked like any unexpected error.
 */
type Failure = { message: string; stack?: string; extensions?: Record<string, unknown> };

type Reply = { id: number; answer: unknown } | { id: number; error: Failure } | { id: number; progress: unknown } | { query: Prisma.QueryEvent };

interface Pending {
  settle: (answer: unknown) => void;
  fail: (error: Error) => void;
  progress?: (progress: never) => void;
}

/**
 * The threads' young generation, where V8 places new objects. A whole country's first read makes millions
 * of short-lived ones (fact rows, tallies, rows to store): with V8's default (16 MB semi-spaces) they
 * outlived the young collections and went to the old generation, and collecting took 12 of the 76 s of its
 * profile; with 64 MB semi-spaces (V8 takes three of them for the young generation) the read took 61 s
 * instead of 70.
 */
const YOUNG_GENERATION_MB = 3 * 64;

class WorkerThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #next = 0;
  #gone: Error | undefined;

  constructor(
    db: Database,
    private readonly kind: ThreadKind,
    databaseUrl: string,
    onExit: () => void,
  ) {
    const figures = kind.figures;
    // Node loads TypeScript through tsx's loader, registered in the thread before its entry is imported:
    // a worker does not inherit the loader that vitest or `tsx` gave this thread.
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(kind.entry.href)}); })`;
    this.#worker = new Worker(boot, {
      eval: true,
      workerData: { databaseUrl },
      name: kind.name,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    this.#worker.unref();
    figures.started++;
    this.#worker.on('message', (reply: Reply) => {
      // The thread's statements are the client's too, for those who count them (tests, benchmarks).
      if ('query' in reply) {
        for (const listener of queryListeners(db)) listener(reply.query);
        return;
      }
      const waiting = this.#pending.get(reply.id);
      if (!waiting) return;
      if ('progress' in reply) return waiting.progress?.(reply.progress as never);
      this.#pending.delete(reply.id);
      figures.running--;
      if ('error' in reply) {
        figures.failed++;
        const { message, stack, extensions } = reply.error;
        waiting.fail(extensions ? new GraphQLError(message, { extensions }) : Object.assign(new Error(message), { stack }));
      } else waiting.settle(reply.answer);
    });
    const end = (error: Error) => {
      this.#gone = error;
      onExit();
      for (const { fail } of this.#pending.values()) fail(error);
      figures.running -= this.#pending.size;
      figures.failed += this.#pending.size;
      this.#pending.clear();
    };
    this.#worker.on('error', end);
    this.#worker.on('exit', (code) => end(new Error(`the ${kind.name} thread stopped (exit code ${code})`)));
  }

  run(task: unknown, progress?: (progress: never) => void): Promise<unknown> {
    if (this.#gone) return Promise.reject(this.#gone);
    const id = this.#next++;
    this.kind.figures.tasks++;
    this.kind.figures.running++;
    return new Promise((settle, fail) => {
      this.#pending.set(id, { settle, fail, progress });
      this.#worker.postMessage({ id, task });
    });
  }

  stop(): Promise<number> {
    return this.#worker.terminate();
  }
}

const threads = new WeakMap<Database, Map<string, WorkerThread>>();

/**
 * Runs a task on the client's thread of this kind, and answers its
 * answer; `progress` hears what the task reports on its way. Undefined when there is no such thread to
 * run on: on a worker thread already, or for a client not opened by createDatabase (no URL to open a
 * connection with). Then the caller does the work itself.
 */
export function onThread<Progress>(db: Database, kind: ThreadKind, task: unknown, progress?: (progress: Progress) => void): Promise<unknown> | undefined {
  const url = urlOfDatabase(db);
  if ((!isMainThread && !kind.fromThreads) || !url) return undefined;
  const own = getOrMake(threads, db, () => {
    stopWithClient(db);
    return new Map<string, WorkerThread>();
  });
  const thread = getOrMake(own, kind.name, () => {
    const started: WorkerThread = new WorkerThread(db, kind, url, () => own.get(kind.name) === started && own.delete(kind.name));
    return started;
  });
  return thread.run(task, progress as (progress: never) => void);
}

/** The client's threads stop when it disconnects. */
function stopWithClient(db: Database) {
  const { $disconnect } = db;
  db.$disconnect = () => Promise.all([...[...(threads.get(db)?.values() ?? [])].map((thread) => thread.stop()), $disconnect.call(db)]).then(() => undefined);
}

/**
 * In a worker thread: answers the request thread's tasks with `answer`, on a client of its own, opened by
 * `open`; `report` sends the request thread a task's progress.
 */
export function serveTasks<Task>(answer: (db: Database, task: Task, report: (progress: unknown) => void) => Promise<unknown>, open: (url: string) => Database) {
  if (isMainThread || !parentPort) throw new Error('serveTasks runs in a worker thread');
  const port = parentPort;
  const db = open((workerData as { databaseUrl: string }).databaseUrl);
  db.$on('query', ({ timestamp, query, params, duration, target }) => port.postMessage({ query: { timestamp, query, params, duration, target } }));
  port.on('message', ({ id, task }: { id: number; task: Task }) => {
    answer(db, task, (progress) => port.postMessage({ id, progress })).then(
      (result) => port.postMessage({ id, answer: result }),
      (error: unknown) => port.postMessage({ id, error: failure(error) }),
    );
  });
}

function failure(error: unknown): Failure {
  if (error instanceof GraphQLError && typeof error.extensions.code === 'string') return { message: error.message, extensions: error.extensions };
  return error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
}
