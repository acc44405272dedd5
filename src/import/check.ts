// Checking the rows of a sheet: the header against the kind's columns, each cell against its column, the
// natural keys against each other, then each row against the records (units, fields, models) read in bulk.
// The result is a list of problems, or the records to write, each with its natural key.
import { lifespan } from '../entry/checks.ts';
import { fieldInUse } from '../fields.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
import { foldForSearch } from '../text.ts';
import { COLUMNS, columnFor, type Column, type ImportKind } from './columns.ts';
import { fileProblem, type ImportProblem, type Sheet } from './read.ts';

/** A row whose cells all parsed, as values keyed by column key (null for an empty optional cell). */
export interface ParsedRow {
  row: number;
  values: Record<string, unknown>;
}

/** A record ready to be written: the table, its natural key, the unit it belongs to, and its fields. */
export interface Prepared {
  row: number;
  /** Natural key as the audit trail shows it, e.g. "BK-2017-01/2019". */
  entityKey: string;
  /** Natural key in stored ids, to match the existing row, e.g. "12/2019". */
  matchKey: string;
  unitId: number | null;
  /** The fields the import sets; on creation, with the key fields too. */
  data: Record<string, unknown>;
  /** Fields computed from `data` (a unit's folded name): written with a change, never compared. */
  derived?: Record<string, unknown>;
  create: Record<string, unknown>;
}

export const CHUNK = 500;

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Maps the header to columns and parses every cell; answers the rows that parsed and every problem. */
export function parseRows(kind: ImportKind, sheet: Sheet): { rows: ParsedRow[]; problems: ImportProblem[]; rowsRead: number } {
  const problems: ImportProblem[] = [...sheet.problems];
  const columns: (Column | undefined)[] = sheet.headers.map((header) => columnFor(kind, header));
  sheet.headers.forEach((header, index) => {
    const col = columns[index];
    if (header === '' && sheet.rows.every((row) => (row.cells[index] ?? '') === '')) return;
    if (!col) {
      const known = COLUMNS[kind].map((c) => c.vi).join(', ');
      problems.push(fileProblem(`Cột không có trong mẫu. Các cột của mẫu: ${known}.`, `Unknown column; the template's columns are: ${known}.`, 1, header || `#${index + 1}`, header));
    } else if (columns.indexOf(col) !== index) {
      problems.push(fileProblem('Cột bị lặp lại.', 'The column appears twice.', 1, header, header));
    }
  });
  for (const col of COLUMNS[kind]) {
    if (col.required && !columns.includes(col)) problems.push(fileProblem('Thiếu cột bắt buộc.', 'A required column is missing.', 1, col.vi, null));
  }
  const nonEmpty = sheet.rows.filter((row) => row.cells.some((cell) => cell !== ''));
  if (problems.length) return { rows: [], problems, rowsRead: nonEmpty.length };

  const rows: ParsedRow[] = [];
  for (const { row, cells } of nonEmpty) {
    let good = true;
    if (cells.length > columns.length && cells.slice(columns.length).some((cell) => cell !== '')) {
      problems.push(fileProblem('Dòng có nhiều ô hơn số cột tiêu đề.', 'The row has more cells than the header has columns.', row, null, cells.slice(columns.length).join(',')));
      good = false;
    }
    const values: Record<string, unknown> = {};
    for (const col of COLUMNS[kind]) values[col.key] = null;
    columns.forEach((col, index) => {
      if (!col) return;
      const text = cells[index] ?? '';
      if (text === '') {
        if (col.required) {
          problems.push(fileProblem('Ô bắt buộc đang trống.', 'The cell is required but empty.', row, col.vi, ''));
          good = false;
        }
        return;
      }
      const parsed = col.parse(text);
      if (parsed.problem) {
        problems.push(fileProblem(parsed.problem.vi, parsed.problem.en, row, col.vi, text));
        good = false;
      } else values[col.key] = parsed.value;
    });
    if (good) rows.push({ row, values });
  }
  return { rows, problems, rowsRead: nonEmpty.length };
}

/** Natural key of a parsed row within the file, and the column a duplicate is reported on. */
const fileKey: Record<ImportKind, (values: Record<string, unknown>) => string> = {
  UNITS: (v) => String(v.code),
  MODELS: (v) => String(v.registrationKey),
  EVALUATIONS: (v) => `${v.model}/${v.year}`,
  PLANS: (v) => `${v.unit}/${v.year}`,
  SATISFACTION_SURVEYS: (v) => `${v.unit}/${v.year}`,
  NEW_RURAL_STATUSES: (v) => `${v.unit}/${v.year}`,
};

/** Rows whose natural key an earlier row already has are problems: which of the two was meant? */
export function checkDuplicates(kind: ImportKind, rows: ParsedRow[], problems: ImportProblem[]): ParsedRow[] {
  const seen = new Map<string, number>();
  const keyColumn = COLUMNS[kind][0]!;
  return rows.filter(({ row, values }) => {
    const key = fileKey[kind](values);
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(fileProblem(`Trùng khoá ${key} với dòng ${first}.`, `Duplicate key ${key}: row ${first} has it too.`, row, keyColumn.vi, key));
      return false;
    }
    seen.set(key, row);
    return true;
  });
}

type Tx = Prisma.TransactionClient;
interface UnitRecord {
  id: number;
  code: string;
  name: string;
  kind: string;
  validFrom: Date | null;
  validTo: Date | null;
}

async function loadUnits(tx: Tx, codes: Iterable<string>): Promise<Map<string, UnitRecord>> {
  const found = new Map<string, UnitRecord>();
  for (const chunk of chunks([...new Set(codes)])) {
    const units = await tx.unit.findMany({ where: { code: { in: chunk } }, select: { id: true, code: true, name: true, kind: true, validFrom: true, validTo: true } });
    for (const unit of units) found.set(unit.code, unit);
  }
  return found;
}

/** The unit with the code if it existed at some time in the year, as `unitExistingIn` of data entry decides. */
function unitIn(units: Map<string, UnitRecord>, code: string, year: number, row: number, column: string, problems: ImportProblem[]): UnitRecord | undefined {
  const unit = units.get(code);
  if (!unit) {
    problems.push(fileProblem(`Không có đơn vị nào mang mã "${code}".`, `No unit has the code "${code}".`, row, column, code));
    return undefined;
  }
  const started = !unit.validFrom || unit.validFrom.getUTCFullYear() <= year;
  const lasted = !unit.validTo || unit.validTo.getUTCFullYear() >= year;
  if (!started || !lasted) {
    const span = lifespan(unit);
    problems.push(
      fileProblem(
        `${unit.name} (${code}) không tồn tại trong năm ${year}: đơn vị tồn tại ${span.replace(' to ', ' đến ')}.`,
        `${unit.name} (${code}) did not exist in ${year}: it existed from ${span}.`,
        row,
        column,
        code,
      ),
    );
    return undefined;
  }
  return unit;
}

const columnVi = (kind: ImportKind, key: string) => COLUMNS[kind].find((col) => col.key === key)!.vi;

/** Checks the rows against the records and answers what to write; problems are added to `problems`. */
export async function prepare(tx: Tx, kind: ImportKind, rows: ParsedRow[], problems: ImportProblem[]): Promise<Prepared[]> {
  const out: Prepared[] = [];
  const col = (key: string) => columnVi(kind, key);
  if (kind === 'PLANS' || kind === 'SATISFACTION_SURVEYS' || kind === 'NEW_RURAL_STATUSES') {
    const units = await loadUnits(tx, rows.map((r) => String(r.values.unit)));
    for (const { row, values: v } of rows) {
      const year = v.year as number;
      const bad = problems.length;
      const unit = unitIn(units, String(v.unit), year, row, col('unit'), problems);
      let data: Record<string, unknown>;
      if (kind === 'PLANS') data = { documentNumber: v.documentNumber, issuedOn: v.issuedOn };
      else if (kind === 'SATISFACTION_SURVEYS') {
        if ((v.satisfied as number) > (v.respondents as number)) {
          problems.push(fileProblem('Không được vượt quá số người được khảo sát.', 'Cannot exceed the respondents.', row, col('satisfied'), String(v.satisfied)));
        }
        data = { respondents: v.respondents, satisfied: v.satisfied };
      } else {
        if (unit && unit.kind !== 'COMMUNE') {
          problems.push(fileProblem(`${unit.code} không phải là xã: chỉ xã có trạng thái nông thôn mới.`, `${unit.code} is not a commune (xã): only communes have a new-rural status.`, row, col('unit'), unit.code));
        }
        const recognised = v.recognisedOn as Date | null;
        if (recognised && v.criteriaMet !== 19) {
          problems.push(fileProblem('Chỉ được công nhận khi đạt đủ 19 tiêu chí.', 'A commune is recognised only with all 19 criteria met.', row, col('recognisedOn'), recognised.toISOString().slice(0, 10)));
        }
        if (recognised && recognised.getUTCFullYear() > year) {
          problems.push(fileProblem('Không được sau năm ghi nhận.', 'Cannot be after the year recorded.', row, col('recognisedOn'), recognised.toISOString().slice(0, 10)));
        }
        data = { criteriaMet: v.criteriaMet, recognisedOn: recognised };
      }
      if (problems.length > bad || !unit) continue;
      out.push({ row, entityKey: `${unit.code}/${year}`, matchKey: `${unit.id}/${year}`, unitId: unit.id, data, create: { unitId: unit.id, year, ...data } });
    }
    return out;
  }
  if (kind === 'EVALUATIONS') {
    const units = await loadUnits(tx, rows.flatMap((r) => (r.values.evaluator ? [String(r.values.evaluator)] : [])));
    const models = new Map<string, { id: number; registrationKey: string; unitId: number; startYear: number; endYear: number | null }>();
    for (const chunk of chunks([...new Set(rows.map((r) => String(r.values.model)))])) {
      const found = await tx.model.findMany({ where: { registrationKey: { in: chunk } }, select: { id: true, registrationKey: true, unitId: true, startYear: true, endYear: true } });
      for (const model of found) models.set(model.registrationKey, model);
    }
    for (const { row, values: v } of rows) {
      const year = v.year as number;
      const bad = problems.length;
      const model = models.get(String(v.model));
      if (!model) problems.push(fileProblem(`Không có mô hình nào mang mã đăng ký "${v.model}".`, `No model has the registration key "${v.model}".`, row, col('model'), String(v.model)));
      else if (model.startYear > year || (model.endYear ?? Infinity) < year) {
        const ran = `${model.startYear}–${model.endYear ?? 'nay'}`;
        problems.push(fileProblem(`Mô hình hoạt động ${ran}, không có trong năm ${year}.`, `The model ran from ${model.startYear} to ${model.endYear ?? 'now'}, not in ${year}.`, row, col('year'), String(year)));
      }
      const evaluator = v.evaluator ? unitIn(units, String(v.evaluator), year, row, col('evaluator'), problems) : undefined;
      if (problems.length > bad || !model) continue;
      const data = { rating: v.rating, recommendedForReplication: (v.recommendedForReplication as boolean | null) ?? false, evaluatorUnitId: evaluator?.id ?? null, note: v.note };
      out.push({ row, entityKey: `${model.registrationKey}/${year}`, matchKey: `${model.id}/${year}`, unitId: model.unitId, data, create: { modelId: model.id, year, ...data } });
    }
    return out;
  }
  if (kind === 'MODELS') {
    const units = await loadUnits(tx, rows.map((r) => String(r.values.unit)));
    const fields = new Map((await tx.field.findMany()).map((field) => [field.code, field]));
    for (const { row, values: v } of rows) {
      const bad = problems.length;
      const startYear = v.startYear as number;
      if (v.endYear != null && (v.endYear as number) < startYear) {
        problems.push(fileProblem('Không được trước năm bắt đầu.', 'Must not be before the start year.', row, col('endYear'), String(v.endYear)));
      }
      const unit = unitIn(units, String(v.unit), startYear, row, col('unit'), problems);
      const field = fields.get(String(v.field));
      if (!field) problems.push(fileProblem(`Không có lĩnh vực nào mang mã "${v.field}".`, `No field has the code "${v.field}".`, row, col('field'), String(v.field)));
      else if (!fieldInUse(field, startYear)) {
        problems.push(fileProblem(`${field.nameVi} không được dùng trong năm ${startYear}.`, `${field.nameVi} is not in use in ${startYear}.`, row, col('field'), field.code));
      }
      if (problems.length > bad || !unit || !field) continue;
      const data = {
        kind: v.kind,
        holder: v.holder,
        title: v.title,
        description: v.description,
        unitId: unit.id,
        fieldId: field.id,
        startYear,
        endYear: v.endYear,
        sourceUrl: v.sourceUrl,
      };
      const key = String(v.registrationKey);
      out.push({ row, entityKey: key, matchKey: key, unitId: unit.id, data, create: { registrationKey: key, ...data, origin: 'IMPORTED' } });
    }
    return out;
  }
  // UNITS: the unit itself; its place in the tree (parents, lineage) is not imported yet.
  for (const { row, values: v } of rows) {
    const bad = problems.length;
    const from = v.validFrom as Date | null;
    const to = v.validTo as Date | null;
    if (from && to && to < from) problems.push(fileProblem('Không được trước "Từ ngày".', 'Must not be before "Valid from".', row, col('validTo'), to.toISOString().slice(0, 10)));
    if (problems.length > bad) continue;
    const name = String(v.name);
    const data = { officialCode: v.officialCode, name, kind: v.kind, level: v.level, validFrom: from, validTo: to, note: v.note };
    const derived = { searchName: foldForSearch(name) };
    const code = String(v.code);
    out.push({ row, entityKey: code, matchKey: code, unitId: null, data, derived, create: { code, ...data, ...derived } });
  }
  return out;
}
