// Spreadsheet import through GraphQL: a multipart upload (graphql-yoga reads the GraphQL multipart request
// spec and hands the resolver a web File), the templates, and the export each import takes back unchanged.
import { TREE_KEEPERS } from '../access/roles.ts';
import { ForbiddenError, InputError } from '../errors.ts';
import { COLUMNS, IMPORT_KINDS, KIND_SLUGS } from '../import/columns.ts';
import { importSpreadsheet, type ImportKind, type ImportProblem, type ImportSummary } from '../import/index.ts';
import {
  importJob,
  importJobs,
  type ImportJobView,
  type JobError,
  type JobFile,
  MAX_RUNNING_ON_SERVER,
  MAX_RUNNING_PER_USER,
  startImportJob,
} from '../import/jobs.ts';
import type { Context } from '../context.ts';
import { exportCsv, templateCsv } from '../import/template.ts';
import { builder } from './builder.ts';
import { checkUpload } from './inputs.ts';

const descriptions: Record<ImportKind, string> = {
  FIELDS: 'Fields (lĩnh vực): code, names, years in use, order. Reference data: whole-country administrators only.',
  UNITS: 'Units (đơn vị): code, official code, name, kind, level, validity. Parents and lineage are not imported.',
  MODELS: 'Models and exemplars (mô hình, điển hình), by registration key.',
  EVALUATIONS: 'Yearly evaluations of models (đánh giá), by model and year.',
  PLANS: 'Yearly plans of units (kế hoạch), by unit and year.',
  SATISFACTION_SURVEYS: 'Satisfaction survey results (khảo sát sự hài lòng), by unit and year.',
  NEW_RURAL_STATUSES: 'New-rural status of communes (nông thôn mới), by unit and year.',
};

const ImportKindEnum = builder.enumType('ImportKind', {
  description: 'The kind of records a spreadsheet holds; each has its template (see `importTemplate`).',
  values: Object.fromEntries(IMPORT_KINDS.map((kind) => [kind, { description: `${descriptions[kind]} Template: ${KIND_SLUGS[kind]}.csv.` }])) as Record<
    ImportKind,
    { description: string }
  >,
});

const ImportFormat = builder.enumType('ImportFormat', {
  description: 'The format a spreadsheet was read as, told by its content.',
  values: {
    CSV: { description: 'Comma-separated values in UTF-8, with or without BOM.' },
    XLSX: { description: 'An Excel workbook (its first worksheet).' },
  } as const,
});

const ImportProblemRef = builder.objectRef<ImportProblem>('ImportProblem').implement({
  description: 'A problem of the file or of one of its cells, in Vietnamese and English.',
  fields: (t) => ({
    row: t.exposeInt('row', { description: 'Row number as a spreadsheet program shows it; the header is row 1.' }),
    column: t.exposeString('column', { nullable: true, description: 'Header of the column, when the problem is in one.' }),
    value: t.exposeString('value', { nullable: true, description: 'The cell’s text, when the problem is in a cell.' }),
    messageVi: t.exposeString('messageVi', { description: 'What is wrong, in Vietnamese.' }),
    messageEn: t.exposeString('messageEn', { description: 'What is wrong, in English.' }),
  }),
});

const ImportResult = builder.objectRef<ImportSummary>('ImportResult').implement({
  description: 'What an import did, or would do in a dry run. With any problem nothing is written.',
  fields: (t) => ({
    kind: t.field({ type: ImportKindEnum, nullable: true, resolve: (summary) => summary.kind, description: 'The kind of records read.' }),
    format: t.field({ type: ImportFormat, resolve: (summary) => summary.format, description: 'CSV or XLSX.' }),
    dryRun: t.exposeBoolean('dryRun', { description: 'Whether this was a dry run.' }),
    written: t.exposeBoolean('written', { description: 'Whether the rows were written (false for a dry run or a file with problems).' }),
    rowsRead: t.exposeInt('rowsRead', { description: 'Data rows read, empty rows not counted.' }),
    created: t.exposeInt('created', { description: 'Records created (or that would be).' }),
    updated: t.exposeInt('updated', { description: 'Records changed (or that would be).' }),
    unchanged: t.exposeInt('unchanged', { description: 'Rows identical to the stored record.' }),
    problems: t.field({ type: [ImportProblemRef], resolve: (summary) => summary.problems, description: 'Every problem found (at most 1,000), by row.' }),
  }),
});

const ImportJobStatusEnum = builder.enumType('ImportJobStatus', {
  description: 'Where an import started with `startImport` stands.',
  values: {
    RUNNING: { description: 'Being read, checked or written; `stage`, `done` and `total` say how far.' },
    DONE: { description: 'Finished: `summary` says what it wrote, or the problems that kept it from writing.' },
    FAILED: { description: 'Stopped by an error (`error`); nothing was written.' },
    INTERRUPTED: { description: 'The server stopped while it ran; nothing was written (an import is one transaction). Start it again.' },
  } as const,
});

const ImportStageEnum = builder.enumType('ImportStage', {
  description: 'What a running import is doing.',
  values: {
    READING: { value: 'reading', description: 'Reading the file.' },
    CHECKING: { value: 'checking', description: 'Checking the rows against the rules, the stored records and your area.' },
    WRITING: { value: 'writing', description: 'Writing the rows, in one transaction.' },
    DONE: { value: 'done', description: 'Finished.' },
  } as const,
});

const JobErrorRef = builder.objectRef<JobError>('ImportJobError').implement({
  description: 'Why an import failed, as the API would have said it.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'The stable code, as in `extensions.code` (FORBIDDEN, BAD_USER_INPUT, …).' }),
    message: t.exposeString('message', { description: 'In English.' }),
    messageVi: t.exposeString('vi', { nullable: true, description: 'In Vietnamese, where the API says it.' }),
  }),
});

const ImportJobRef = builder.objectRef<ImportJobView>('ImportJob').implement({
  description: 'An import left running on the server (`startImport`), kept with its summary for the user who started it, and only theirs.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The job’s handle (a random UUID).' }),
    kind: t.field({ type: ImportKindEnum, resolve: (job) => job.kind, description: 'The kind of records imported.' }),
    fileName: t.exposeString('fileName', { description: 'The name of the file sent.' }),
    fileBytes: t.exposeInt('fileBytes', { description: 'Its size in bytes.' }),
    dryRun: t.exposeBoolean('dryRun', { description: 'Whether it only checks.' }),
    status: t.field({ type: ImportJobStatusEnum, resolve: (job) => job.status, description: 'Where it stands.' }),
    stage: t.field({ type: ImportStageEnum, nullable: true, resolve: (job) => job.stage, description: 'What it is doing; null before it starts reading.' }),
    done: t.exposeInt('done', { description: 'Rows of the stage done.' }),
    total: t.exposeInt('total', { description: 'Rows of the stage in all (1 while reading).' }),
    startedAt: t.field({ type: 'DateTime', resolve: (job) => job.startedAt, description: 'When it was started.' }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (job) => job.finishedAt, description: 'When it ended.' }),
    summary: t.field({ type: ImportResult, nullable: true, resolve: (job) => job.summary, description: 'What it did (or the problems), once DONE.' }),
    error: t.field({ type: JobErrorRef, nullable: true, resolve: (job) => job.error, description: 'Why it failed, once FAILED.' }),
  }),
});

builder.queryFields((t) => ({
  importJob: t.field({
    authScopes: { signedIn: true },
    type: ImportJobRef,
    nullable: true,
    description: 'One of your imports started with `startImport`; null when you have none with this id. Never cached: ask again to follow it.',
    args: { id: t.arg.id({ required: true, description: 'The job’s id.' }) },
    resolve: (_root, { id }, ctx) => importJob(ctx.db, ownerOf(ctx), String(id)),
  }),
  importJobs: t.field({
    authScopes: { signedIn: true },
    type: [ImportJobRef],
    description: 'Your imports started with `startImport`, newest first; ended ones are kept 30 days.',
    args: { first: t.arg.int({ description: 'How many (1–100; 20 when omitted).' }) },
    resolve: (_root, args, ctx) => {
      const first = args.first ?? 20;
      if (first < 1 || first > 100) throw new InputError(`first: ${first} is not between 1 and 100`);
      return importJobs(ctx.db, ownerOf(ctx), first);
    },
  }),
  importTemplate: t.string({
    authScopes: { signedIn: true },
    description: 'The CSV template of a kind (UTF-8 with BOM, Vietnamese headers): save it as <kind>.csv and fill it in. See docs/import.md.',
    args: { kind: t.arg({ type: ImportKindEnum, required: true, description: 'The kind of records.' }) },
    resolve: (_root, { kind }) => templateCsv(kind),
  }),
  exportSpreadsheet: t.string({
    authScopes: { signedIn: true },
    description: `Every stored record of a kind within your area as CSV in the template's columns; importing it back changes nothing. Columns of each kind: ${IMPORT_KINDS.map((kind) => `${kind}: ${COLUMNS[kind].map((col) => col.vi).join(', ')}`).join('; ')}.`,
    args: { kind: t.arg({ type: ImportKindEnum, required: true, description: 'The kind of records.' }) },
    resolve: (_root, { kind }, ctx) => exportCsv(ctx.db, kind, { scope: ctx.scope, tree: ctx.facts.tree }),
  }),
}));

/**
 * Refuses kinds beyond the viewer's role, then reads the file. Units are the tree: the same rule as
 * createUnit and moveUnit, whatever the file holds.
 */
async function uploaded(ctx: Context, kind: ImportKind, file: File): Promise<JobFile> {
  if (kind === 'UNITS' && !(ctx.viewer.kind === 'user' && TREE_KEEPERS.includes(ctx.viewer.role))) {
    throw new ForbiddenError(
      'Importing units changes the unit tree: province officers and administrators only.',
      'Nhập đơn vị là thay đổi cây đơn vị: chỉ cán bộ cấp tỉnh và quản trị viên được làm.',
    );
  }
  if (kind === 'FIELDS' && !(ctx.viewer.kind === 'user' && ctx.viewer.role === 'ADMIN' && ctx.scope.wholeCountry)) {
    throw new ForbiddenError(
      'Fields are reference data and belong to no unit: only whole-country administrators import them.',
      'Lĩnh vực là dữ liệu tham chiếu, không thuộc đơn vị nào: chỉ quản trị viên toàn quốc được nhập.',
    );
  }
  checkUpload(file);
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/**
 * The import as the viewer: their area and name. The area is judged, and the kept tallies forgotten, on
 * the tree read before the import's transaction opens (importSpreadsheet reads it then).
 */
function importOptions(ctx: Context, kind: ImportKind, dryRun: boolean | null | undefined) {
  return {
    kind,
    dryRun: dryRun ?? false,
    actor: ctx.actor,
    source: 'IMPORT' as const,
    scope: ctx.scope,
    tree: ctx.facts.tree,
    currentYear: ctx.today.getUTCFullYear(),
  };
}

/** The signed-in user who owns the viewer's jobs (an API token's, its user). */
function ownerOf(ctx: Context): number {
  if (ctx.viewer.kind !== 'user') throw new ForbiddenError('Only a signed-in user has imports.', 'Chỉ người dùng đã đăng nhập mới có lượt nhập.');
  // How far a job is moves without a write: the answer is not cached (src/server/response-cache.ts).
  ctx.uncached = true;
  return ctx.viewer.id;
}

builder.mutationFields((t) => {
  /** What both ways of importing take: the file, its kind, and whether only to check it. */
  const spreadsheet = () => ({
    file: t.arg({ type: 'File', required: true, description: 'The spreadsheet, as a multipart upload.' }),
    kind: t.arg({ type: ImportKindEnum, required: true, description: 'The kind of records it holds.' }),
    dryRun: t.arg.boolean({ description: 'Check and count without writing (default false).' }),
  });
  return {
    importSpreadsheet: t.field({
      authScopes: { writesRecords: true },
      type: ImportResult,
      description:
        'Imports a CSV or XLSX spreadsheet in one transaction: all rows or none. Re-importing a file creates no duplicates. Writes are audited with source IMPORT. Officers and administrators, within their area.',
      args: spreadsheet(),
      resolve: async (_root, args, ctx) =>
        importSpreadsheet(ctx.db, await uploaded(ctx, args.kind, args.file).then((file) => file.bytes), importOptions(ctx, args.kind, args.dryRun)),
    }),
    startImport: t.field({
      authScopes: { writesRecords: true },
      type: ImportJobRef,
      description:
        'Starts importing a spreadsheet as importSpreadsheet does and answers at once with its job: follow it with `importJob`, find it again with `importJobs`. For large files: 100,000 rows take minutes. ' +
        `At most ${MAX_RUNNING_PER_USER} running per user, and ${MAX_RUNNING_ON_SERVER} per server, whoever started them.`,
      args: spreadsheet(),
      resolve: async (_root, args, ctx) =>
        startImportJob(ctx.db, ownerOf(ctx), await uploaded(ctx, args.kind, args.file), importOptions(ctx, args.kind, args.dryRun)),
    }),
  };
});
