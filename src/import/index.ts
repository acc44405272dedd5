// The spreadsheet import (nhập từ bảng tính): read, check, compare, and write in one transaction or not at
// all. A dry run answers the same summary and problems and writes nothing.
//
// It runs on the import thread (src/threads.ts; its entry ./thread-entry.ts): the file is read, checked and
// written on a worker thread with a connection of its own, so that the request thread goes on answering
// while a 100,000-row file is parsed, compared and written (issue 14). Readers see the data before the
// import, then after it, never half: on SQLite the request thread reads on a connection of its own in WAL
// mode, which sees only what has committed; on PostgreSQL every statement outside the transaction does.
import type { UnitRef } from '../access/viewer.ts';
import type { Database } from '../db/client.ts';
import { writeFrame, writesAfter, type Writer } from '../entry/write.ts';
import { onThread, type ThreadFigures, type ThreadKind } from '../threads.ts';
import type { Prisma, WriteSource } from '../generated/sqlite/client.ts';
import type { Scope } from '../access/scope.ts';
import type { UnitTree } from '../units/unit-tree.ts';
import { checkArea, type Holds } from './area.ts';
import { checkDuplicates, CHUNK, parseRows, prepare } from './check.ts';
import { inTurns } from '../turns.ts';
import { checkIntegrity } from './integrity.ts';
import { guessKind, type ImportKind } from './columns.ts';
import { fileProblem, readSheet, type ImportProblem } from './read.ts';
import { applyDiff, diff } from './write.ts';

export { IMPORT_KINDS, KIND_SLUGS, kindFromSlug, type ImportKind } from './columns.ts';
export type { ImportProblem } from './read.ts';

export interface ImportSummary {
  kind: ImportKind | null;
  format: 'CSV' | 'XLSX';
  dryRun: boolean;
  /** Whether the import wrote (false for a dry run and for a file with problems). */
  written: boolean;
  /** Data rows read, empty rows not counted. */
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  problems: ImportProblem[];
}

export type ImportStage = 'reading' | 'checking' | 'writing' | 'done';

export interface ImportOptions {
  /** The kind of records; guessed from the header when absent. */
  kind?: ImportKind;
  dryRun?: boolean;
  actor: string;
  source?: WriteSource;
  /** The importer's area; absent on the command line, which imports as the operator of the server. */
  scope?: Scope;
  /** The unit tree, for the kept tallies the import reaches; without it, the import forgets them all. */
  tree?: () => Promise<UnitTree>;
  onProgress?: (stage: ImportStage, done: number, total: number) => void;
  /** The year a running model counts up to (src/entry/reach.ts); this year by default. */
  currentYear?: number;
}

/** At most this many problems are answered: a wholly wrong file would otherwise answer a problem per cell. */
export const MAX_PROBLEMS = 1000;

/** What the request thread sends the import thread: the file and the options that cross threads, the area by its top. */
export interface ImportTask {
  bytes: Uint8Array;
  options: Omit<ImportOptions, 'scope' | 'tree' | 'onProgress'>;
  /** The importer's area by its top unit (null: the whole country); absent for the operator of the server. */
  area?: { root: UnitRef | null };
}

export type ImportProgress = [stage: ImportStage, done: number, total: number];

/** What the import thread has done since the process started, for /metrics. */
export const importThreadFigures: ThreadFigures = { started: 0, tasks: 0, failed: 0, running: 0 };

const IMPORT_THREAD: ThreadKind = { name: 'import', entry: new URL('./thread-entry.ts', import.meta.url), figures: importThreadFigures };

/**
 * A smaller file (about 15,000 satisfaction results, fewer rows of the wider kinds) is imported on the
 * request thread, in turns (src/turns.ts): the import thread takes 2 s to start and, at national scale,
 * 2.5 s to read the unit tree for itself, which the request thread holds already.
 */
export const THREAD_BYTES = 256 * 1024;

/**
 * Imports a spreadsheet: a file of THREAD_BYTES or more on the import thread, or here when there is none to run on (this is a worker
 * thread, or the client was not opened by createDatabase). The thread judges the area on the tree it reads
 * itself, at the version its transaction sees; while it writes, this process's other writes wait for it
 * (src/entry/write.ts).
 */
export function importSpreadsheet(db: Database, bytes: Uint8Array, options: ImportOptions): Promise<ImportSummary> {
  if (bytes.byteLength < THREAD_BYTES) return importHere(db, bytes, options);
  const { scope, tree: _tree, onProgress, ...crossing } = options;
  const task: ImportTask = { bytes, options: crossing, ...(scope ? { area: { root: scope.root } } : {}) };
  const onItsThread = onThread<ImportProgress>(db, IMPORT_THREAD, task, onProgress && ((progress) => onProgress(...progress))) as
    | Promise<ImportSummary>
    | undefined;
  if (!onItsThread) return importHere(db, bytes, options);
  if (!options.dryRun) writesAfter(db, onItsThread);
  return onItsThread;
}

async function importHere(db: Database, bytes: Uint8Array, options: ImportOptions): Promise<ImportSummary> {
  const progress = options.onProgress ?? (() => {});
  progress('reading', 0, 1);
  const sheet = await readSheet(bytes);
  const kind = options.kind ?? (sheet.headers.length ? guessKind(sheet.headers) : undefined);
  const summary: ImportSummary = {
    kind: kind ?? null,
    format: sheet.format,
    dryRun: options.dryRun ?? false,
    written: false,
    rowsRead: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    problems: [],
  };
  const finish = (problems: ImportProblem[]) => {
    problems.sort((a, b) => a.row - b.row);
    summary.problems = problems.slice(0, MAX_PROBLEMS);
    if (problems.length) summary.created = summary.updated = summary.unchanged = 0;
    progress('done', 1, 1);
    return summary;
  };
  if (sheet.problems.length && !sheet.headers.length) return finish(sheet.problems);
  if (!kind) {
    return finish([
      ...sheet.problems,
      fileProblem(
        'Không nhận ra loại dữ liệu từ dòng tiêu đề: hãy chọn loại (--kind) hoặc dùng tiêu đề của mẫu.',
        'Cannot tell the kind of records from the header: give the kind (--kind) or use the template’s headers.',
      ),
    ]);
  }
  const { rows, problems, rowsRead } = parseRows(kind, sheet);
  summary.rowsRead = rowsRead;
  if (problems.length && !rows.length) return finish(problems);
  const unique = checkDuplicates(kind, rows, problems);

  const currentYear = options.currentYear ?? new Date().getUTCFullYear();
  // A dry run judges the area as reads do; a real one as its write frame does, on the tree it sees.
  const work = async (tx: Prisma.TransactionClient, holds?: Holds, writer?: Writer) => {
    progress('checking', 0, unique.length);
    const prepared = await prepare(tx, kind, unique, problems);
    if (problems.length) return;
    const changes = await diff(tx, kind, prepared);
    await checkIntegrity(tx, kind, changes, problems);
    const scope = options.scope;
    if (scope?.root && holds) await checkArea(kind, changes, holds, (codes) => unitIds(tx, codes), scope.root, currentYear, problems);
    if (problems.length) return;
    summary.created = changes.creates.length;
    summary.updated = changes.updates.length;
    summary.unchanged = changes.unchanged.length;
    progress('checking', unique.length, unique.length);
    if (!writer) return;
    await applyDiff(writer, kind, changes, currentYear, (done, total) => progress('writing', done, total));
    summary.written = true;
  };
  if (summary.dryRun) await work(db, options.scope && ((unitId, year) => options.scope!.covers(unitId, year)));
  else {
    const frame = { actor: options.actor, source: options.source ?? 'IMPORT', scope: options.scope, tree: options.tree };
    await writeFrame(db, frame, (writer) => work(writer.tx, (unitId, year) => writer.holds(unitId, year), writer), { timeout: 600_000, maxWait: 60_000 });
  }
  return finish(problems);
}

async function unitIds(tx: Prisma.TransactionClient, codes: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for await (const chunk of inTurns(codes, CHUNK))
    for (const unit of await tx.unit.findMany({ where: { code: { in: chunk } }, select: { id: true, code: true } })) found.set(unit.code, unit.id);
  return found;
}
