// Templates (mẫu) and exports of each kind, as CSV with the template's Vietnamese headers. The export of a
// kind is a file the import takes back unchanged: importing it changes nothing.
import type { Scope } from '../access/scope.ts';
import type { UnitTree } from '../units/unit-tree.ts';
import { toCsv } from '../lib/csv.ts';
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

/**
 * Every stored record of a kind, as the template's columns; ordered by natural key so exports compare.
 * With an area, only the records the officer reads: a yearly record or an evaluation of a year in which its
 * unit was within the area, and a unit or a model of a unit that was within at some time.
 */
export async function exportCsv(db: Database, kind: ImportKind, area?: ExportArea): Promise<string> {
  const columns = COLUMNS[kind];
  // Candidates broadly, every unit ever below the area's top and those merged into them; the scope then
  // judges each record, as the reads do.
  const unitIds = area?.scope.root ? [...(await area.tree()).accountableWithin(area.scope.root.id)] : undefined;
  const units = unitIds === undefined ? {} : { id: { in: unitIds } };
  const unit = unitIds === undefined ? {} : { unitId: { in: unitIds } };
  let records: Exported[];
  switch (kind) {
    case 'FIELDS':
      // Reference data, read by every signed-in user: no area to judge it by.
      return toCsv(
        columns.map((col) => col.vi),
        (await db.field.findMany({ orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] })).map((field) =>
          columns.map((col) => (field[col.key as keyof typeof field] == null ? '' : col.format(field[col.key as keyof typeof field]))),
        ),
      );
    case 'UNITS':
      // The parent a row stands for: the one on the unit's first day (later moves are dated, done by moveUnit).
      records = (
        await db.unit.findMany({
          where: units,
          include: { parentLinks: { select: { validFrom: true, validTo: true, parent: { select: { code: true } } } } },
          orderBy: { code: 'asc' },
        })
      ).map(({ parentLinks, ...unit }) => ({
        ...unit,
        parent: parentOnFirstDay(parentLinks, unit.validFrom)?.parent.code ?? null,
        judgedBy: { unitId: unit.id },
      }));
      break;
    case 'MODELS':
      records = (
        await db.model.findMany({
          where: unit,
          include: { unit: { select: { code: true } }, field: { select: { code: true } } },
          orderBy: { registrationKey: 'asc' },
        })
      ).map((model) => ({ ...model, unit: model.unit.code, field: model.field.code, judgedBy: { unitId: model.unitId } }));
      break;
    case 'EVALUATIONS':
      records = (
        await db.evaluation.findMany({
          where: unitIds === undefined ? {} : { model: unit },
          include: { model: { select: { registrationKey: true, unitId: true } }, evaluator: { select: { code: true } } },
          orderBy: [{ modelId: 'asc' }, { year: 'asc' }],
        })
      ).map((evaluation) => ({
        ...evaluation,
        model: evaluation.model.registrationKey,
        evaluator: evaluation.evaluator?.code ?? null,
        judgedBy: { unitId: evaluation.model.unitId, year: evaluation.year },
      }));
      break;
    case 'PLANS':
      records = (await db.plan.findMany({ where: unit, include: { unit: { select: { code: true } } }, orderBy: [{ unitId: 'asc' }, { year: 'asc' }] })).map(
        (plan) => ({
          ...plan,
          unit: plan.unit.code,
          judgedBy: { unitId: plan.unitId, year: plan.year },
        }),
      );
      break;
    case 'SATISFACTION_SURVEYS':
      records = (
        await db.satisfactionSurvey.findMany({ where: unit, include: { unit: { select: { code: true } } }, orderBy: [{ unitId: 'asc' }, { year: 'asc' }] })
      ).map((survey) => ({
        ...survey,
        unit: survey.unit.code,
        judgedBy: { unitId: survey.unitId, year: survey.year },
      }));
      break;
    case 'NEW_RURAL_STATUSES':
      records = (
        await db.newRuralStatus.findMany({ where: unit, include: { unit: { select: { code: true } } }, orderBy: [{ unitId: 'asc' }, { year: 'asc' }] })
      ).map((status) => ({
        ...status,
        unit: status.unit.code,
        judgedBy: { unitId: status.unitId, year: status.year },
      }));
      break;
  }
  if (area && unitIds) records = await area.scope.shown(records, ({ judgedBy }) => judgedBy);
  return toCsv(
    columns.map((col) => col.vi),
    records.map((record) => columns.map((col) => (record[col.key] == null ? '' : col.format(record[col.key])))),
  );
}
