// The import thread (src/threads.ts): a spreadsheet is read, checked and written on a worker thread with a
// connection of its own, so that the request thread goes on answering while a 100,000-row file is parsed,
// compared and written (issue 14). Readers see the data before the import, then after it, never half: on
// SQLite the request thread reads on a connection of its own in WAL mode, which sees only what has
// committed; on PostgreSQL every statement outside the transaction does.
import type { UnitRef } from '../access/viewer.ts';
import type { Database } from '../db/client.ts';
import { writesAfter } from '../entry/write.ts';
import { onThread, type ThreadFigures, type ThreadKind } from '../threads.ts';
import type { ImportOptions, ImportStage, ImportSummary } from './index.ts';

/** What the request thread sends: the file and the options that cross threads, the area by its top. */
export interface ImportTask {
  bytes: Uint8Array;
  options: Omit<ImportOptions, 'scope' | 'tree' | 'onProgress'>;
  /** The importer's area by its top unit (null: the whole country); absent for the operator of the server. */
  area?: { root: UnitRef | null };
}

export type ImportProgress = [stage: ImportStage, done: number, total: number];

/** What the import thread has done since the process started, for /metrics. */
export const importThreadFigures: ThreadFigures = { started: 0, tasks: 0, failed: 0, running: 0 };

const IMPORT: ThreadKind = { name: 'import', entry: new URL('./thread-entry.ts', import.meta.url), figures: importThreadFigures };

/**
 * Runs the import on the import thread; undefined when there is none to run on (on a worker thread, or a
 * client not opened by createDatabase). The thread reads the area's tree itself, at the version its
 * transaction sees. While it writes, this process's other writes wait for it (src/entry/write.ts).
 */
export function importOnThread(db: Database, bytes: Uint8Array, options: ImportOptions): Promise<ImportSummary> | undefined {
  const { scope, tree: _tree, onProgress, ...crossing } = options;
  const task: ImportTask = { bytes, options: crossing, ...(scope ? { area: { root: scope.root } } : {}) };
  const answer = onThread<ImportProgress>(db, IMPORT, task, onProgress && ((progress) => onProgress(...progress))) as Promise<ImportSummary> | undefined;
  if (answer && !options.dryRun) writesAfter(db, answer);
  return answer;
}
