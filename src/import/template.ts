// Templates (mẫu) and exports of each kind, as CSV with the template's Vietnamese headers. The export of a
// kind is a file the import takes back unchanged: importing it changes nothing.
import type { Scope } from '../access/scope.ts';
import type { UnitTree } from '../units/unit-tree.ts';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { csvLines, toCsv } from '../lib/csv.ts';
import type { Database } from '../db/client.ts';
import { parentOnFirstDay } from './check.ts';
import { COLUMNS, type ImportKind } from './columns.ts';

/** The header line of a kind, with the BOM Excel needs to open UTF-8 CSV correctly. */
export function templateCsv(kind: ImportKind): string {
  return toCsv(COLUMNS[kind].map((col) => col.vi));
}

/** An officer's area: the records of an export are those its reads show (src/access/scope.ts). */
export interface ExportArea {
  scope: Scope;
  tree: () => Promise<UnitTree>;
}

/** A record as the export writes it, with the unit (and year) its area is judged by. */
type Exported = Record<string, unknown> & { judgedBy: { unitId: number; year?: number } };

/** Records per statement: a page of 2,000 holds the thread about 15 ms on SQLite, and the loop turns between pages. */
const PAGE = 2000;

/**
 * Every stored record of a kind, as the template's columns; ordered by natural key so exports compare.
 * With an area, only the records the officer reads: a yearly record or an evaluation of a year in which its
 * unit was within the area, and a unit or a model of a unit that was within at some time.
 *
 * Read a page at a time, after the last record's key, with a turn of the event loop between pages: read at
 * once, 100,000 records held the request thread 0.6 s (`npm run bench:export`). A record written between two
 * pages is in the file or not; none is written twice or left out for it.
 */
export async function exportCsv(db: Database, kind: ImportKind, area?: ExportArea): Promise<string> {
  const columns = COLUMNS[kind];
  const header = toCsv(columns.map((col) => col.vi));
  if (kind === 'FIELDS') {
    // Reference data, read by every signed-in user: no area to judge it by, and a few dozen rows.
    const fields = await db.field.findMany({ orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] });
    return header + csvLines(fields.map((field) => columns.map((col) => cellOf(field as Record<string, unknown>, col))));
  }
  // Candidates broadly, every unit ever below the area's top and those merged into them; the scope then
  // judges each record, as the reads do.
  const unitIds = area?.scope.root ? [...(await area.tree()).accountableWithin(area.scope.root.id)] : undefined;
  const lines = [header];
  for await (let records of pages(reader(db, kind, unitIds))) {
    if (area && unitIds) records = await area.scope.shown(records, ({ judgedBy }) => judgedBy);
    lines.push(csvLines(records.map((record) => columns.map((col) => cellOf(record, col)))));
  }
  return lines.join('');
}

function cellOf(record: Record<string, unknown>, col: (typeof COLUMNS)[ImportKind][number]): string {
  const value = record[col.key];
  return value == null ? '' : col.format(value as never);
}

/** A record's page is read after the last one's natural key. */
type Reader = (after: Exported | undefined) => Promise<Exported[]>;

/** The pages a reader gives, the event loop turning between two. */
async function* pages(read: Reader): AsyncGenerator<Exported[]> {
  for (let after: Exported | undefined, first = true; ; first = false) {
    if (!first) await nextTurn();
    const page = await read(after);
    if (page.length) yield page;
    if (page.length < PAGE) return;
    after = page.at(-1);
  }
}

/** After a record in the order (unit, year). */
const afterUnitYear = (after: Exported | undefined) =>
  after ? { OR: [{ unitId: { gt: after.unitId as number } }, { unitId: after.unitId as number, year: { gt: after.year as number } }] } : {};

/** After an evaluation in the order (model, year). */
const afterModelYear = (after: Exported | undefined) =>
  after ? { OR: [{ modelId: { gt: after.modelId as number } }, { modelId: after.modelId as number, year: { gt: after.year as number } }] } : {};

function reader(db: Database, kind: Exclude<ImportKind, 'FIELDS'>, unitIds: number[] | undefined): Reader {
  const units = unitIds === undefined ? {} : { id: { in: unitIds } };
  const unit = unitIds === undefined ? {} : { unitId: { in: unitIds } };
  const yearly = { orderBy: [{ unitId: 'asc' as const }, { year: 'asc' as const }], include: { unit: { select: { code: true } } }, take: PAGE };
  const withUnitCode = <Row extends { unitId: number; year: number; unit: { code: string } }>(row: Row): Exported => ({
    ...row,
    unit: row.unit.code,
    judgedBy: { unitId: row.unitId, year: row.year },
  });
  switch (kind) {
    case 'UNITS':
      // The parent a row stands for: the one on the unit's first day (later moves are dated, done by moveUnit).
      return async (after) =>
        (
          await db.unit.findMany({
            where: { AND: [units, after ? { code: { gt: after.code as string } } : {}] },
            include: { parentLinks: { select: { validFrom: true, validTo: true, parent: { select: { code: true } } } } },
            orderBy: { code: 'asc' },
            take: PAGE,
          })
        ).map(({ parentLinks, ...row }) => ({
          ...row,
          parent: parentOnFirstDay(parentLinks, row.validFrom)?.parent.code ?? null,
          judgedBy: { unitId: row.id },
        }));
    case 'MODELS':
      return async (after) =>
        (
          await db.model.findMany({
            where: { AND: [unit, after ? { registrationKey: { gt: after.registrationKey as string } } : {}] },
            include: { unit: { select: { code: true } }, field: { select: { code: true } } },
            orderBy: { registrationKey: 'asc' },
            take: PAGE,
          })
        ).map((model) => ({ ...model, unit: model.unit.code, field: model.field.code, judgedBy: { unitId: model.unitId } }));
    case 'EVALUATIONS':
      return async (after) =>
        (
          await db.evaluation.findMany({
            where: { AND: [unitIds === undefined ? {} : { model: unit }, afterModelYear(after)] },
            include: { model: { select: { registrationKey: true, unitId: true } }, evaluator: { select: { code: true } } },
            orderBy: [{ modelId: 'asc' }, { year: 'asc' }],
            take: PAGE,
          })
        ).map((evaluation) => ({
          ...evaluation,
          model: evaluation.model.registrationKey,
          evaluator: evaluation.evaluator?.code ?? null,
          judgedBy: { unitId: evaluation.model.unitId, year: evaluation.year },
        }));
    case 'PLANS':
      return async (after) => (await db.plan.findMany({ where: { AND: [unit, afterUnitYear(after)] }, ...yearly })).map(withUnitCode);
    case 'SATISFACTION_SURVEYS':
      return async (after) => (await db.satisfactionSurvey.findMany({ where: { AND: [unit, afterUnitYear(after)] }, ...yearly })).map(withUnitCode);
    case 'NEW_RURAL_STATUSES':
      return async (after) => (await db.newRuralStatus.findMany({ where: { AND: [unit, afterUnitYear(after)] }, ...yearly })).map(withUnitCode);
  }
}
