// An officer imports only their own area's records: each row whose unit lies outside it is a problem like
// any other (with its row and column), so a dry run shows them all and nothing is written.
import type { Scope } from '../access/scope.ts';
import type { Prepared } from './check.ts';
import { COLUMNS, type ImportKind } from './columns.ts';
import type { ImportProblem } from './read.ts';

/** The column that names a row's unit, per kind: the unit itself, its model, or (for units) the parent. */
const UNIT_COLUMN: Record<ImportKind, string> = {
  UNITS: 'parent',
  MODELS: 'unit',
  EVALUATIONS: 'model',
  PLANS: 'unit',
  SATISFACTION_SURVEYS: 'unit',
  NEW_RURAL_STATUSES: 'unit',
};

export async function checkArea(scope: Scope, kind: ImportKind, prepared: Prepared[], problems: ImportProblem[]): Promise<void> {
  const root = scope.root;
  if (!root) return;
  const column = COLUMNS[kind].find((col) => col.key === UNIT_COLUMN[kind])!;
  for (const record of prepared) {
    // A unit row is judged by its parent when it gives a new one (the unit itself may be new) and by the
    // stored unit when it exists; a record by its unit in its year.
    const parentCode = record.link?.parentCode;
    const year = (record.create.year ?? record.create.startYear) as number | undefined;
    const stored = kind === 'UNITS' && (await scope.knowsCode(record.matchKey));
    const within =
      kind === 'UNITS'
        ? (parentCode === undefined ? stored : await scope.coversCode(parentCode)) && (!stored || (await scope.coversCode(record.matchKey)))
        : record.unitId !== null && (await scope.covers(record.unitId, year));
    if (within) continue;
    problems.push({
      row: record.row,
      column: column.vi,
      value: kind === 'UNITS' ? (parentCode ?? null) : record.entityKey,
      messageVi: `Ngoài phạm vi tài khoản của bạn: ${root.name} (${root.code}) và các đơn vị trực thuộc.`,
      messageEn: `Outside your account’s area: ${root.name} (${root.code}) and the units under it.`,
    });
  }
}
