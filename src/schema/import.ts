// Spreadsheet import through GraphQL: a multipart upload (graphql-yoga reads the GraphQL multipart request
// spec and hands the resolver a web File), the templates, and the export each import takes back unchanged.
import { TREE_KEEPERS } from '../access/roles.ts';
import { ForbiddenError, InputError } from '../errors.ts';
import { COLUMNS, IMPORT_KINDS, KIND_SLUGS, type ImportKind } from '../import/columns.ts';
import { importSpreadsheet, type ImportProblem, type ImportSummary } from '../import/index.ts';
import { exportCsv, templateCsv } from '../import/template.ts';
import { isUpload } from '../server/inputs.ts';
import { MAX_UPLOAD_BYTES } from '../server/limits.ts';
import { builder } from './builder.ts';

builder.scalarType('File', {
  description: 'A file sent as a multipart upload (GraphQL multipart request spec); only accepted as a variable.',
  parseValue: (value) => {
    if (!isUpload(value)) throw new InputError('file: send the file as a multipart upload (GraphQL multipart request), not as text');
    return value;
  },
  parseLiteral: () => {
    throw new InputError('file: a file can only be sent as a multipart upload variable');
  },
  serialize: () => {
    throw new Error('File is an input-only scalar');
  },
});

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

builder.queryFields((t) => ({
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

builder.mutationFields((t) => ({
  importSpreadsheet: t.field({
    authScopes: { writesRecords: true },
    type: ImportResult,
    description:
      'Imports a CSV or XLSX spreadsheet in one transaction: all rows or none. Re-importing a file creates no duplicates. Writes are audited with source IMPORT. Officers and administrators, within their area.',
    args: {
      file: t.arg({ type: 'File', required: true, description: 'The spreadsheet, as a multipart upload.' }),
      kind: t.arg({ type: ImportKindEnum, required: true, description: 'The kind of records it holds.' }),
      dryRun: t.arg.boolean({ description: 'Check and count without writing (default false).' }),
    },
    resolve: async (_root, args, ctx) => {
      // Units are the tree: the same rule as createUnit and moveUnit, whatever the file holds.
      if (args.kind === 'UNITS' && !(ctx.viewer.kind === 'user' && TREE_KEEPERS.includes(ctx.viewer.role))) {
        throw new ForbiddenError(
          'Importing units changes the unit tree: province officers and administrators only.',
          'Nhập đơn vị là thay đổi cây đơn vị: chỉ cán bộ cấp tỉnh và quản trị viên được làm.',
        );
      }
      if (args.kind === 'FIELDS' && !(ctx.viewer.kind === 'user' && ctx.viewer.role === 'ADMIN' && ctx.scope.wholeCountry)) {
        throw new ForbiddenError(
          'Fields are reference data and belong to no unit: only whole-country administrators import them.',
          'Lĩnh vực là dữ liệu tham chiếu, không thuộc đơn vị nào: chỉ quản trị viên toàn quốc được nhập.',
        );
      }
      // The area is judged, and the kept tallies forgotten, on the tree read before the import's
      // transaction opens (importSpreadsheet reads it then).
      const file = args.file;
      // Over HTTP the body's limit (src/server/guards.ts) refuses a larger file first; this holds for other callers.
      if (file.size > MAX_UPLOAD_BYTES) throw new InputError(`file: ${file.size} bytes is more than the ${MAX_UPLOAD_BYTES} an upload may have`);
      const bytes = new Uint8Array(await file.arrayBuffer());
      return importSpreadsheet(ctx.db, bytes, {
        kind: args.kind,
        dryRun: args.dryRun ?? false,
        actor: ctx.actor,
        source: 'IMPORT',
        scope: ctx.scope,
        tree: ctx.facts.tree,
        currentYear: ctx.today.getUTCFullYear(),
      });
    },
  }),
}));
