// An officer imports only their own area's records. What a row's write reaches is said once (`changeOf` in
// ./write.ts), and judged twice by the same rule as the mutations (src/entry/write.ts): here, before
// anything is written, each row outside the area is a problem like any other (with its row and column), so
// that a dry run shows them all; then by the write frame, which files each change and would refuse the
// whole import.
// A row that changes a stored record is judged on the record's current unit AND its new one, year by year;
// a row identical to the stored record writes nothing and is judged as reading it would be.
import type { Prepared } from './check.ts';
import { COLUMNS, type ImportKind } from './columns.ts';
import type { ImportProblem } from './read.ts';
import { changeOf, type Diff, type Row } from './write.ts';

/** The column that names a row's unit, per kind: the unit itself, its model, or (for units) the parent. */
const UNIT_COLUMN: Record<ImportKind, string> = {
  FIELDS: 'code',
  UNITS: 'parent',
  MODELS: 'unit',
  EVALUATIONS: 'model',
  PLANS: 'unit',
  SATISFACTION_SURVEYS: 'unit',
  NEW_RURAL_STATUSES: 'unit',
};

/** Whether the importer's area holds a unit's records of the year (of some year, without one). */
export type Holds = (unitId: number, year?: number) => Promise<boolean>;

export async function checkArea(
  kind: ImportKind,
  changes: Diff,
  holds: Holds,
  unitIds: (codes: string[]) => Promise<Map<string, number>>,
  area: { code: string; name: string },
  currentYear: number,
  problems: ImportProblem[],
): Promise<void> {
  const column = COLUMNS[kind].find((col) => col.key === UNIT_COLUMN[kind])!;
  const outside = (record: Prepared, year?: number) => {
    const when = year === undefined ? '' : ` (năm ${year})`;
    const whenEn = year === undefined ? '' : ` in ${year}`;
    problems.push({
      row: record.row,
      column: column.vi,
      value: kind === 'UNITS' ? (record.link?.parentCode ?? record.matchKey) : record.entityKey,
      messageVi: `Ngoài phạm vi tài khoản của bạn${when}: ${area.name} (${area.code}) và các đơn vị trực thuộc.`,
      messageEn: `Outside your account’s area${whenEn}: ${area.name} (${area.code}) and the units under it.`,
    });
  };
  /** The first year (or undefined for "at any time") in which the area does not hold the unit, or null. */
  const firstOutside = async (unitId: number, years: (number | undefined)[]) => {
    for (const year of years) if (!(await holds(unitId, year))) return { year };
    return null;
  };

  if (kind === 'FIELDS') {
    // Fields belong to no unit: an account with an area changes none (importSpreadsheet refuses it first).
    for (const { prepared } of [...changes.creates.map((prepared) => ({ prepared })), ...changes.updates, ...changes.unchanged]) {
      problems.push({
        row: prepared.row,
        column: column.vi,
        value: prepared.entityKey,
        messageVi: 'Lĩnh vực là danh mục dùng chung, không thuộc đơn vị nào: chỉ quản trị viên toàn quốc được thay đổi.',
        messageEn: 'Fields are reference data and belong to no unit: only whole-country administrators change them.',
      });
    }
    return;
  }
  if (kind === 'UNITS') {
    // A new unit is judged by the parent the row gives it, a stored unit by itself (and a parent it gets).
    const parents = await unitIds([
      ...new Set(changes.creates.concat(changes.updates.map((update) => update.prepared)).flatMap((record) => (record.link ? [record.link.parentCode] : []))),
    ]);
    const judge = async (record: Prepared, stored: Row | null) => {
      const parentId = record.link && parents.get(record.link.parentCode);
      const within = (stored ? await holds(stored.id) : record.link !== undefined) && (!record.link || (parentId !== undefined && (await holds(parentId))));
      if (!within) outside(record);
    };
    for (const record of changes.creates) await judge(record, null);
    for (const { prepared, before } of [...changes.updates, ...changes.unchanged]) await judge(prepared, before);
    return;
  }
  for (const record of changes.creates) {
    const change = changeOf(kind, record, null, null, currentYear);
    const found = await firstOutside(change.unitId!, change.years!);
    if (found) outside(record, found.year);
  }
  for (const { prepared, before } of changes.updates) {
    const change = changeOf(kind, prepared, before, null, currentYear);
    const found =
      (await firstOutside(change.unitId!, change.years!)) ?? (change.formerUnitId ? await firstOutside(change.formerUnitId, change.formerYears!) : null);
    if (found) outside(prepared, found.year);
  }
  // Nothing is written for these, but the answer "unchanged" says what is stored: as much as reading it.
  for (const { prepared } of changes.unchanged) {
    const years = kind === 'MODELS' ? [undefined] : [prepared.create.year as number];
    const found = await firstOutside(prepared.unitId!, years);
    if (found) outside(prepared, found.year);
  }
}
