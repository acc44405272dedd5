// A row that changes the years of a stored record must keep what hangs on those years, by the rules the
// mutations keep (src/entry/reach.ts): a model's evaluations stay within its years, a unit's records within
// its life, and a unit's life within its recorded lineage. An old spreadsheet re-imported would otherwise
// reopen merged units, or end a model before the years it was evaluated in; each such row is a problem of
// the file, naming what conflicts, and nothing is written.
import { fieldModelsOutside, lineageConflict, listed, modelRecordsOutside, unitRecordsOutside, type Conflict } from '../entry/reach.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
import { COLUMNS, type ImportKind } from './columns.ts';
import { fileProblem, type ImportProblem } from './read.ts';
import type { Diff } from './write.ts';

const time = (value: unknown) => (value instanceof Date ? value.getTime() : value);

export async function checkIntegrity(tx: Prisma.TransactionClient, kind: ImportKind, changes: Diff, problems: ImportProblem[]): Promise<void> {
  if (kind === 'FIELDS') return checkFieldYears(tx, changes, problems);
  if (kind !== 'MODELS' && kind !== 'UNITS') return;
  const [fromKey, toKey] = kind === 'MODELS' ? ['startYear', 'endYear'] : ['validFrom', 'validTo'];
  const header = (key: string) => COLUMNS[kind].find((col) => col.key === key)!;
  for (const { prepared, before, dataChanged } of changes.updates) {
    if (!dataChanged) continue;
    const [from, to] = [prepared.data[fromKey!], prepared.data[toKey!]];
    if (time(from) === time(before[fromKey!]) && time(to) === time(before[toKey!])) continue;
    const life = { validFrom: from as Date | null, validTo: to as Date | null };
    const lineage = kind === 'UNITS' ? await lineageConflict(tx, before.id, life) : undefined;
    const outside = lineage
      ? []
      : kind === 'MODELS'
        ? await modelRecordsOutside(tx, before.id, from as number, to as number | null)
        : await unitRecordsOutside(tx, before.id, life);
    const conflict: Conflict | undefined =
      lineage ??
      (outside.length
        ? {
            vi: `các bản ghi sau sẽ nằm ngoài khoảng thời gian mới: ${listed(outside, 'vi')}`,
            en: `these records would fall outside the new dates: ${listed(outside, 'en')}`,
          }
        : undefined);
    if (!conflict) continue;
    const col = header(time(to) === time(before[toKey!]) ? fromKey! : toKey!);
    const cell = prepared.data[col.key];
    problems.push(
      fileProblem(
        `Không đổi được thời gian: ${conflict.vi}.`,
        `The dates cannot change so: ${conflict.en}.`,
        prepared.row,
        col.vi,
        cell == null ? '' : col.format(cell),
      ),
    );
  }
}

/** A field's models must start within its years: a row that narrows them past a model is a problem. */
async function checkFieldYears(tx: Prisma.TransactionClient, changes: Diff, problems: ImportProblem[]): Promise<void> {
  for (const { prepared, before, dataChanged } of changes.updates) {
    if (!dataChanged) continue;
    const [firstYear, lastYear] = [prepared.data.firstYear as number | null, prepared.data.lastYear as number | null];
    const outside = await fieldModelsOutside(tx, before.id, firstYear, lastYear);
    if (!outside.length) continue;
    const col = COLUMNS.FIELDS.find((column) => column.key === (outside[0]!.startYear < (firstYear ?? -Infinity) ? 'firstYear' : 'lastYear'))!;
    const cell = prepared.data[col.key];
    problems.push(
      fileProblem(
        `Không đổi được năm: các mô hình sau sẽ bắt đầu ngoài các năm của lĩnh vực: ${listed(outside, 'vi')}.`,
        `The years cannot change so: these models would start outside the field's years: ${listed(outside, 'en')}.`,
        prepared.row,
        col.vi,
        cell == null ? '' : col.format(cell),
      ),
    );
  }
}
