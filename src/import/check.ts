// Checking the rows of a sheet: the header against the kind's columns, each cell against its column, the
// natural keys against each other, then each row against the records (units, fields, models) read in bulk.
// The result is a list of problems, or the records to write, each with its natural key.
import { isoDay } from '../entry/checks.ts';
import {
  communeOnly,
  fieldInYear,
  lifespan,
  fieldRules,
  modelRanIn,
  modelRules,
  sitsUnder,
  statusRules,
  surveyRules,
  unitInYear,
  unitRules,
  type Finding,
} from '../entry/rules.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
import { foldForSearch } from '../lib/text.ts';
import { inTurns } from '../turns.ts';
import { existsOn } from '../units/tree.ts';
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
  /** A unit's parent link to write from its first day (units only). */
  link?: { parentCode: string; validFrom: Date | null; validTo: Date | null };
}

/** Keys per lookup statement. */
export const CHUNK = 500;

/** Maps the header to columns and parses every cell; answers the rows that parsed and every problem. */
export function parseRows(kind: ImportKind, sheet: Sheet): { rows: ParsedRow[]; problems: ImportProblem[]; rowsRead: number } {
  const problems: ImportProblem[] = [...sheet.problems];
  const columns: (Column | undefined)[] = sheet.headers.map((header) => columnFor(kind, header));
  sheet.headers.forEach((header, index) => {
    const col = columns[index];
    if (header === '' && sheet.rows.every((row) => (row.cells[index] ?? '') === '')) return;
    if (!col) {
      const known = COLUMNS[kind].map((c) => c.vi).join(', ');
      problems.push(
        fileProblem(
          `Cột không có trong mẫu. Các cột của mẫu: ${known}.`,
          `Unknown column; the template's columns are: ${known}.`,
          1,
          header || `#${index + 1}`,
          header,
        ),
      );
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
      problems.push(
        fileProblem(
          'Dòng có nhiều ô hơn số cột tiêu đề.',
          'The row has more cells than the header has columns.',
          row,
          null,
          cells.slice(columns.length).join(','),
        ),
      );
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
  FIELDS: (v) => String(v.code),
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
  for await (const chunk of inTurns([...new Set(codes)], CHUNK)) {
    const units = await tx.unit.findMany({
      where: { code: { in: chunk } },
      select: { id: true, code: true, name: true, kind: true, validFrom: true, validTo: true },
    });
    for (const unit of units) found.set(unit.code, unit);
  }
  return found;
}

/** The unit with the code if it existed at some time in the year, by the rule of data entry. */
function unitIn(units: Map<string, UnitRecord>, code: string, year: number, row: number, column: string, problems: ImportProblem[]): UnitRecord | undefined {
  const unit = units.get(code);
  const found = unitInYear(unit, code, year, column);
  if (found) problems.push(fileProblem(sentence(found.vi), sentence(found.en), row, column, code));
  return found ? undefined : unit;
}

/** A rule's phrase as the import's sentence. */
const sentence = (phrase: string) => `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}.`;

/** The findings of a rule as problems of a row, each at its column with the cell's value. */
function report(kind: ImportKind, row: number, values: Record<string, unknown>, findings: (Finding | undefined)[], problems: ImportProblem[]): void {
  for (const found of findings) {
    if (!found) continue;
    const col = COLUMNS[kind].find((column) => column.key === found.field)!;
    problems.push(fileProblem(sentence(found.vi), sentence(found.en), row, col.vi, values[found.field] == null ? null : col.format(values[found.field])));
  }
}

const columnVi = (kind: ImportKind, key: string) => COLUMNS[kind].find((col) => col.key === key)!.vi;

/** Checks the rows against the records and answers what to write; problems are added to `problems`. */
export async function prepare(tx: Tx, kind: ImportKind, rows: ParsedRow[], problems: ImportProblem[]): Promise<Prepared[]> {
  const out: Prepared[] = [];
  const col = (key: string) => columnVi(kind, key);
  if (kind === 'PLANS' || kind === 'SATISFACTION_SURVEYS' || kind === 'NEW_RURAL_STATUSES') {
    const units = await loadUnits(
      tx,
      rows.map((r) => String(r.values.unit)),
    );
    for (const { row, values: v } of rows) {
      const year = v.year as number;
      const bad = problems.length;
      const unit = unitIn(units, String(v.unit), year, row, col('unit'), problems);
      let data: Record<string, unknown>;
      if (kind === 'PLANS') data = { documentNumber: v.documentNumber, issuedOn: v.issuedOn };
      else if (kind === 'SATISFACTION_SURVEYS') {
        data = { respondents: v.respondents, satisfied: v.satisfied };
        report(kind, row, v, surveyRules(data as { respondents: number; satisfied: number }), problems);
      } else {
        data = { criteriaMet: v.criteriaMet, recognisedOn: v.recognisedOn };
        report(kind, row, v, [unit && communeOnly(unit), ...statusRules({ year, ...(data as { criteriaMet: number; recognisedOn: Date | null }) })], problems);
      }
      if (problems.length > bad || !unit) continue;
      out.push({ row, entityKey: `${unit.code}/${year}`, matchKey: `${unit.id}/${year}`, unitId: unit.id, data, create: { unitId: unit.id, year, ...data } });
    }
    return out;
  }
  if (kind === 'EVALUATIONS') {
    const units = await loadUnits(
      tx,
      rows.flatMap((r) => (r.values.evaluator ? [String(r.values.evaluator)] : [])),
    );
    const models = new Map<string, { id: number; registrationKey: string; unitId: number; startYear: number; endYear: number | null }>();
    for await (const chunk of inTurns([...new Set(rows.map((r) => String(r.values.model)))], CHUNK)) {
      const found = await tx.model.findMany({
        where: { registrationKey: { in: chunk } },
        select: { id: true, registrationKey: true, unitId: true, startYear: true, endYear: true },
      });
      for (const model of found) models.set(model.registrationKey, model);
    }
    for (const { row, values: v } of rows) {
      const year = v.year as number;
      const bad = problems.length;
      const model = models.get(String(v.model));
      report(kind, row, v, [modelRanIn(model, String(v.model), year)], problems);
      const evaluator = v.evaluator ? unitIn(units, String(v.evaluator), year, row, col('evaluator'), problems) : undefined;
      if (problems.length > bad || !model) continue;
      const data = {
        rating: v.rating,
        recommendedForReplication: (v.recommendedForReplication as boolean | null) ?? false,
        evaluatorUnitId: evaluator?.id ?? null,
        note: v.note,
      };
      out.push({
        row,
        entityKey: `${model.registrationKey}/${year}`,
        matchKey: `${model.id}/${year}`,
        unitId: model.unitId,
        data,
        create: { modelId: model.id, year, ...data },
      });
    }
    return out;
  }
  if (kind === 'FIELDS') {
    for (const { row, values: v } of rows) {
      const bad = problems.length;
      const data = { nameVi: v.nameVi, nameEn: v.nameEn, firstYear: v.firstYear, lastYear: v.lastYear, sortOrder: v.sortOrder };
      report(kind, row, v, fieldRules(data as { firstYear: number | null; lastYear: number | null }), problems);
      if (problems.length > bad) continue;
      const code = String(v.code);
      out.push({ row, entityKey: code, matchKey: code, unitId: null, data, create: { code, ...data } });
    }
    return out;
  }
  if (kind === 'MODELS') {
    const units = await loadUnits(
      tx,
      rows.map((r) => String(r.values.unit)),
    );
    const fields = new Map((await tx.field.findMany()).map((field) => [field.code, field]));
    for (const { row, values: v } of rows) {
      const bad = problems.length;
      const startYear = v.startYear as number;
      report(kind, row, v, modelRules({ startYear, endYear: v.endYear as number | null }), problems);
      const unit = unitIn(units, String(v.unit), startYear, row, col('unit'), problems);
      const field = fields.get(String(v.field));
      report(kind, row, v, [fieldInYear(field, String(v.field), startYear)], problems);
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
  // UNITS: the unit itself, and its parent from its first day when the row names one. A parent is dated
  // (moveUnit); a row is not, so a row never changes a stored parent: it only gives one to a unit without.
  const inFile = new Map(rows.map((r) => [String(r.values.code), r.values]));
  const parentCodes = rows.flatMap((r) => (r.values.parent ? [String(r.values.parent)] : []));
  const stored = await loadUnits(tx, [...inFile.keys(), ...parentCodes]);
  const links = await loadParentLinks(
    tx,
    [...inFile.keys()].flatMap((code) => (stored.has(code) ? [stored.get(code)!.id] : [])),
  );
  for (const { row, values: v } of rows) {
    const bad = problems.length;
    const code = String(v.code);
    const from = v.validFrom as Date | null;
    const to = v.validTo as Date | null;
    report(kind, row, v, unitRules({ kind: v.kind as string | undefined, level: v.level as string | undefined, validFrom: from, validTo: to }), problems);
    let link: Prepared['link'];
    const parentCode = v.parent == null ? null : String(v.parent);
    if (parentCode) {
      const problem = (vi: string, en: string) => problems.push(fileProblem(vi, en, row, col('parent'), parentCode));
      const fileRow = inFile.get(parentCode);
      const parent = fileRow
        ? { name: String(fileRow.name), kind: String(fileRow.kind), validFrom: fileRow.validFrom as Date | null, validTo: fileRow.validTo as Date | null }
        : stored.get(parentCode);
      const misplaced = parent && sitsUnder({ kind: String(v.kind), level: String(v.level) }, { code: parentCode, ...parent });
      const existing = stored.get(code);
      const current = existing ? parentOnFirstDay(links.get(existing.id) ?? [], from) : undefined;
      if (parentCode === code) problem('Đơn vị không thể trực thuộc chính nó.', 'A unit cannot sit under itself.');
      else if (!parent) problem(`Không có đơn vị nào mang mã "${parentCode}".`, `No unit has the code "${parentCode}".`);
      else if (misplaced) problem(sentence(misplaced.vi), sentence(misplaced.en));
      else if (from && !existsOn(parent, from)) {
        const span = lifespan(parent);
        problem(
          `${parent.name} (${parentCode}) không tồn tại vào ngày ${isoDay(from)}: đơn vị tồn tại ${span.replace(' to ', ' đến ')}.`,
          `${parent.name} (${parentCode}) does not exist on ${isoDay(from)}: it exists from ${span}.`,
        );
      } else if (existing && (links.get(existing.id) ?? []).length) {
        if (current?.parentCode !== parentCode) {
          const on = from ? isoDay(from) : 'đầu tiên';
          problem(
            `${code} đang trực thuộc ${current?.parentCode ?? 'đơn vị khác'} (từ ${on}): đổi đơn vị cấp trên bằng thao tác moveUnit, vì việc chuyển có ngày hiệu lực.`,
            `${code} sits under ${current?.parentCode ?? 'another unit'} (from ${from ? isoDay(from) : 'its first link'}): change its parent with the moveUnit mutation, since a move is dated.`,
          );
        }
      } else link = { parentCode, validFrom: from, validTo: to };
    }
    if (problems.length > bad) continue;
    const name = String(v.name);
    const data = { officialCode: v.officialCode, name, kind: v.kind, level: v.level, validFrom: from, validTo: to, note: v.note };
    const derived = { searchName: foldForSearch(name) };
    out.push({ row, entityKey: code, matchKey: code, unitId: null, data, derived, create: { code, ...data, ...derived }, link });
  }
  // New links must not make a cycle among the file's units (existing units sit under none of them yet).
  const newParent = new Map(out.flatMap((record) => (record.link ? [[record.matchKey, record.link.parentCode] as const] : [])));
  for (const record of out) {
    const seen = new Set<string>();
    for (let code: string | undefined = record.matchKey; code !== undefined; code = newParent.get(code)) {
      if (seen.has(code)) {
        problems.push(
          fileProblem('Các đơn vị cấp trên tạo thành vòng lặp.', 'The parents make a cycle.', record.row, col('parent'), record.link?.parentCode ?? null),
        );
        break;
      }
      seen.add(code);
    }
  }
  return out;
}

interface StoredLink {
  parentCode: string;
  validFrom: Date | null;
  validTo: Date | null;
}

/** Every parent link of these units, by unit id. */
async function loadParentLinks(tx: Tx, unitIds: number[]): Promise<Map<number, StoredLink[]>> {
  const found = new Map<number, StoredLink[]>();
  for await (const chunk of inTurns(unitIds, CHUNK)) {
    const rows = await tx.unitParent.findMany({
      where: { unitId: { in: chunk } },
      select: { unitId: true, validFrom: true, validTo: true, parent: { select: { code: true } } },
    });
    for (const link of rows)
      found.set(link.unitId, [...(found.get(link.unitId) ?? []), { parentCode: link.parent.code, validFrom: link.validFrom, validTo: link.validTo }]);
  }
  return found;
}

/** The parent a spreadsheet row stands for: the link valid on the unit's first day, or its earliest link. */
export function parentOnFirstDay<T extends { validFrom: Date | null; validTo: Date | null }>(links: T[], validFrom: Date | null): T | undefined {
  if (validFrom) return links.find((link) => existsOn(link, validFrom));
  return [...links].sort((a, b) => (a.validFrom?.getTime() ?? -Infinity) - (b.validFrom?.getTime() ?? -Infinity))[0];
}
