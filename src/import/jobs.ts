// Imports left running on the server (startImport): the file is imported as importSpreadsheet imports it,
// while the request answers at once with a job that its user follows (importJob) and finds again later
// (importJobs), its summary kept. Only the user who started a job sees it.
//
// How far a job is lives in this process while it runs. On SQLite the import holds the database's one write
// lock for its whole transaction, so a job's row is written when the job starts and when it ends, each
// after this process's other writes (src/entry/write.ts); the embedded default is served by one process, so a
// RUNNING row this process does not run was cut off with the one before (INTERRUPTED). On PostgreSQL the
// server running a job writes how far it is every few seconds, so every server sharing the database shows
// it, and a RUNNING row not written for a minute was cut off. Nothing of an interrupted import is written:
// it is one transaction.
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { providerOfDatabase, type Database } from '../db/client.ts';
import { afterWritesElsewhere } from '../entry/write.ts';
import { RateLimitedError } from '../errors.ts';
import type { ImportJob, ImportJobStatus } from '../generated/sqlite/client.ts';
import { importSpreadsheet, type ImportKind, type ImportOptions, type ImportStage, type ImportSummary } from './index.ts';

/** Imports one user may have running at once: each holds its file in memory, and they write one after another. */
export const MAX_RUNNING_PER_USER = 3;
/**
 * Imports one server may have running at once, whoever started them: with a file of up to 50 MB each
 * (src/lib/uploads.ts), at most 300 MB of files waiting, however many officers import at once.
 */
export const MAX_RUNNING_ON_SERVER = 6;
/** How often a server on PostgreSQL writes how far its jobs are. */
const REPORT_EVERY_MS = 5_000;
/** A RUNNING job on PostgreSQL not written for this long was cut off with its server. */
const CUT_OFF_AFTER_MS = 60_000;
/** Finished jobs are kept this long for their user. */
const KEPT_FOR_MS = 30 * 24 * 60 * 60 * 1000;

export interface JobError {
  code: string;
  message: string;
  vi: string | null;
}

/** A job as its user sees it. */
export interface ImportJobView {
  id: string;
  kind: ImportKind;
  fileName: string;
  fileBytes: number;
  dryRun: boolean;
  status: ImportJobStatus;
  stage: ImportStage | null;
  done: number;
  total: number;
  startedAt: Date;
  finishedAt: Date | null;
  summary: ImportSummary | null;
  error: JobError | null;
}

/** A job this process runs, with the user who owns it. */
type RunningJob = ImportJobView & { userId: number };

/** The jobs this process runs, by id, until their row holds how they ended. */
const running = new Map<string, RunningJob>();

export interface JobFile {
  name: string;
  bytes: Uint8Array;
}

/** Why the user may not start another import now, if so: too many of theirs running, or of the server's. */
export function refusalOf(runningJobs: { userId: number }[], userId: number): RateLimitedError | undefined {
  const mine = runningJobs.filter((job) => job.userId === userId).length;
  if (mine >= MAX_RUNNING_PER_USER)
    return new RateLimitedError(
      `You have ${mine} imports running: start another when one has finished.`,
      REPORT_EVERY_MS / 1000,
      `Bạn đang có ${mine} lượt nhập chưa xong: hãy chờ một lượt xong rồi bắt đầu lượt khác.`,
    );
  if (runningJobs.length >= MAX_RUNNING_ON_SERVER)
    return new RateLimitedError(
      `The server is running ${runningJobs.length} imports, as many as it takes at once: start yours in a minute.`,
      REPORT_EVERY_MS / 1000,
      `Máy chủ đang chạy ${runningJobs.length} lượt nhập, đủ số lượt được chạy cùng lúc: vui lòng bắt đầu lại sau ít phút.`,
    );
  return undefined;
}

/**
 * Starts an import and answers its job at once. The import runs as `importSpreadsheet` runs it (options:
 * the user's area, actor and year); `userId` owns the job.
 */
export function startImportJob(db: Database, userId: number, file: JobFile, options: ImportOptions & { kind: ImportKind }): ImportJobView {
  const refusal = refusalOf(
    [...running.values()].filter((job) => job.status === 'RUNNING'),
    userId,
  );
  if (refusal) throw refusal;
  const job: RunningJob = {
    id: randomUUID(),
    userId,
    kind: options.kind,
    fileName: file.name,
    fileBytes: file.bytes.byteLength,
    dryRun: options.dryRun ?? false,
    status: 'RUNNING',
    stage: null,
    done: 0,
    total: 0,
    startedAt: new Date(),
    finishedAt: null,
    summary: null,
    error: null,
  };
  running.set(job.id, job);
  void run(db, job, file.bytes, options);
  return viewOf(job);
}

async function run(db: Database, job: RunningJob, bytes: Uint8Array, options: ImportOptions) {
  const shared = providerOfDatabase(db) === 'postgresql';
  let reporter: NodeJS.Timeout | undefined;
  try {
    await bookkeeping(db, () =>
      db.$transaction(async (tx) => {
        await tx.importJob.deleteMany({ where: { userId: job.userId, status: { not: 'RUNNING' }, startedAt: { lt: new Date(Date.now() - KEPT_FOR_MS) } } });
        await tx.importJob.create({ data: rowOf(job) });
      }),
    );
    if (shared) {
      reporter = setInterval(() => void report(db, job).catch(() => {}), REPORT_EVERY_MS);
      reporter.unref();
    }
    const onProgress = (stage: ImportStage, done: number, total: number) => Object.assign(job, { stage, done, total });
    job.summary = await importSpreadsheet(db, bytes, { ...options, onProgress });
    job.status = 'DONE';
  } catch (error) {
    job.status = 'FAILED';
    job.error = errorOf(error);
  } finally {
    clearInterval(reporter);
  }
  job.finishedAt = new Date();
  try {
    await bookkeeping(db, () => db.importJob.upsert({ where: { id: job.id }, create: rowOf(job), update: rowOf(job) }));
    running.delete(job.id);
  } catch (error) {
    // Kept here, the ending stays visible to its user until the process stops.
    console.error(`[dvk] import job ${job.id}: its ending could not be written`, error);
  }
}

/**
 * A job's row is written after this process's writes on another thread (an import's) on SQLite, whose one
 * writer they hold; on PostgreSQL no import locks it.
 */
async function bookkeeping<T>(db: Database, write: () => Promise<T>): Promise<T> {
  if (providerOfDatabase(db) === 'sqlite') await afterWritesElsewhere(db);
  return write();
}

function report(db: Database, job: ImportJobView) {
  return db.importJob.updateMany({
    where: { id: job.id, status: 'RUNNING' },
    data: { stage: job.stage, done: job.done, total: job.total, seenAt: new Date() },
  });
}

function rowOf(job: RunningJob) {
  return {
    id: job.id,
    userId: job.userId,
    kind: job.kind,
    fileName: job.fileName,
    fileBytes: job.fileBytes,
    dryRun: job.dryRun,
    status: job.status,
    stage: job.stage,
    done: job.done,
    total: job.total,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    summary: job.summary && JSON.stringify(job.summary),
    error: job.error && JSON.stringify(job.error),
  };
}

/** A refusal keeps its code and words; anything else is the server's failure, said without its details. */
function errorOf(error: unknown): JobError {
  if (error instanceof GraphQLError && typeof error.extensions.code === 'string') {
    return { code: error.extensions.code, message: error.message, vi: typeof error.extensions.vi === 'string' ? error.extensions.vi : null };
  }
  console.error('[dvk] import job failed', error);
  return { code: 'INTERNAL_SERVER_ERROR', message: 'The import failed on the server; nothing was written.', vi: 'Máy chủ gặp lỗi khi nhập; chưa ghi gì.' };
}

/** The user's job, or null when there is none of theirs with this id. */
export async function importJob(db: Database, userId: number, id: string): Promise<ImportJobView | null> {
  const live = running.get(id);
  if (live) return live.userId === userId ? viewOf(live) : null;
  const row = await db.importJob.findFirst({ where: { id, userId } });
  return row && fromRow(db, row);
}

/** The user's newest jobs, running or ended. */
export async function importJobs(db: Database, userId: number, first: number): Promise<ImportJobView[]> {
  const rows = await db.importJob.findMany({ where: { userId }, orderBy: { startedAt: 'desc' }, take: first });
  const live = [...running.values()].filter((job) => job.userId === userId).map(viewOf);
  const stored = rows.filter((row) => !running.has(row.id)).map((row) => fromRow(db, row));
  return [...live, ...stored].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime()).slice(0, first);
}

/** A copy, as it stands now: the running job moves on while the answer is written. */
function viewOf({ userId: _owner, ...job }: RunningJob): ImportJobView {
  return { ...job };
}

function fromRow(db: Database, row: ImportJob): ImportJobView {
  return {
    id: row.id,
    kind: row.kind as ImportKind,
    fileName: row.fileName,
    fileBytes: row.fileBytes,
    dryRun: row.dryRun,
    status: row.status === 'RUNNING' && cutOff(db, row) ? 'INTERRUPTED' : row.status,
    stage: row.stage as ImportStage | null,
    done: row.done,
    total: row.total,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    summary: row.summary ? (JSON.parse(row.summary) as ImportSummary) : null,
    error: row.error ? (JSON.parse(row.error) as JobError) : null,
  };
}

/** Whether a RUNNING row this process does not run was cut off with the server that ran it. */
function cutOff(db: Database, row: ImportJob): boolean {
  return providerOfDatabase(db) === 'sqlite' || Date.now() - row.seenAt.getTime() > CUT_OFF_AFTER_MS;
}
