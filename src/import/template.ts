// Templates (mẫu) and exports of each kind, as CSV with the template's Vietnamese headers. The export of a
// kind is a file the import takes back unchanged: importing it changes nothing.
import { toCsv } from '../csv.ts';
import type { Database } from '../db/client.ts';
import { parentOnFirstDay } from './check.ts';
import { COLUMNS, type ImportKind } from './columns.ts';


/** The header line of a kind, with the BOM Excel needs to open UTF-8 CSV correctly. */
export function templateCsv(kind: ImportKind): string {
  return toCsv(COLUMNS[kind].map((col) => col.vi));
}

/**
 * Every stored record of a kind, as the template's columns; ordered by natural key so exports compare.
 * With `unitIds`, only the records of those units: an officer exports their own area.
 */
export async function exportCsv(db: Database, kind: ImportKind, unitIds?: number[]): Promise<string> {
  const columns = COLUMNS[kind];
  const units = unitIds === undefined ? {} : { id: { in: unitIds } };
  const unit = unitIds === undefined ? {} : { unitId: { in: unitIds } };
  let records: Record<string, unknown>[];
  switch (kind) {
    case 'UNITS':
      // The parent a row stands for: the one on the unit's first day (later moves are dated, done by moveUnit).
      records = (
        await db.unit.findMany({ where: units, include: { parentLinks: { select: { validFrom: true, validTo: true, parent: { select: { code: true } } } } }, orderBy: { code: 'asc' } })
      ).map(({ parentLinks, ...unit }) => ({ ...unit, parent: parentOnFirstDay(parentLinks, unit.validFrom)?.parent.code ?? null }));
      break;
    case 'MODELS':
      records = (await db.model.findMany({ where: unit, include: { unit: { select: { code: true } }, field: { select: { code: true } } }, orderBy: { registrationKey: 'asc' } })).map(
        (model) => ({ ...model, unit: model.unit.code, field: model.field.code }),
      );
      break;
    case 'EVALUATIONS':
      records = (
        await db.evaluation.findMany({
          where: unitIds === undefined ? {} : { model: unit },
          include: { model: { select: { registrationKey: true } }, evaluator: { select: { code: true } } },
          orderBy: [{ modelId: 'asc' }, { year: 'asc' }],
        })
      ).map((evaluation) => ({ ...evaluation, model: evaluation.model.registrationKey, evaluator: evaluation.evaluator?.code ?? null }));
      break;
    case 'PLANS':
      records = (await db.plan.findMany({ where: unit, include: { unit: { select: { code: true } } }, orderBy: [{ unitId: 'asc' }, { year: 'asc' }] })).map((plan) => ({ ...plan, unit: plan.unit.code }));
      break;
    case 'SATISFACTION_SURVEYS':
      records = (await db.satisfactionSurvey.findMany({ where: unit, include: { unit: { select: { code: true } } }, orderBy: [{ unitId: 'asc' }, { year: 'asc' }] })).map((survey) => ({
        ...survey,
        unit: survey.unit.code,
      }));
      break;
    case 'NEW_RURAL_STATUSES':
      records = (await db.newRuralStatus.findMany({ where: unit, include: { unit: { select: { code: true } } }, orderBy: [{ unitId: 'asc' }, { year: 'asc' }] })).map((status) => ({
        ...status,
        unit: status.unit.code,
      }));
      break;
  }
  return toCsv(
    columns.map((col) => col.vi),
    records.map((record) => columns.map((col) => (record[col.key] == null ? '' : col.format(record[col.key])))),
  );
}
