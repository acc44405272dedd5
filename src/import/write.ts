// Writing prepared records in bulk: the existing rows are read by natural key in chunks, compared in
// memory, new rows created in chunks, changed rows updated one by one, unchanged rows left alone; every
// creation and change is filed with the write frame (src/entry/write.ts), which checks it against the
// importer's area and writes its audit entry (source IMPORT). All of it runs in the frame's transaction.
import { isoDay } from '../entry/checks.ts';
import { modelYears, type CountedModel } from '../entry/reach.ts';
import type { Change, Writer } from '../entry/write.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
import { inTurns } from '../turns.ts';
import { CHUNK, type Prepared } from './check.ts';
import type { ImportKind } from './columns.ts';

export type Row = Record<string, unknown> & { id: number };
/** The part of a Prisma delegate the import uses; the tables differ only in their fields. */
interface Delegate {
  findMany(args: object): Promise<Row[]>;
  createManyAndReturn(args: object): Promise<Row[]>;
  update(args: object): Promise<Row>;
}

interface Table {
  entity: string;
  delegate(tx: Prisma.TransactionClient): Delegate;
  /** The natural key of a stored row, as `Prepared.matchKey` writes it. */
  matchKey(row: Row): string;
  /** Reads the stored rows that may match these prepared records (a superset is fine). */
  where(keys: Prepared[]): object;
}

const byUnitYear = (delegate: (tx: Prisma.TransactionClient) => unknown, entity: string): Table => ({
  entity,
  delegate: delegate as Table['delegate'],
  matchKey: (row) => `${row.unitId}/${row.year}`,
  where: (keys) => ({ unitId: { in: [...new Set(keys.map((key) => key.unitId))] }, year: { in: [...new Set(keys.map((key) => key.create.year as number))] } }),
});

export const TABLES: Record<ImportKind, Table> = {
  FIELDS: {
    entity: 'Field',
    delegate: (tx) => tx.field as unknown as Delegate,
    matchKey: (row) => String(row.code),
    where: (keys) => ({ code: { in: keys.map((key) => key.matchKey) } }),
  },
  UNITS: {
    entity: 'Unit',
    delegate: (tx) => tx.unit as unknown as Delegate,
    matchKey: (row) => String(row.code),
    where: (keys) => ({ code: { in: keys.map((key) => key.matchKey) } }),
  },
  MODELS: {
    entity: 'Model',
    delegate: (tx) => tx.model as unknown as Delegate,
    matchKey: (row) => String(row.registrationKey),
    where: (keys) => ({ registrationKey: { in: keys.map((key) => key.matchKey) } }),
  },
  EVALUATIONS: {
    entity: 'Evaluation',
    delegate: (tx) => tx.evaluation as unknown as Delegate,
    matchKey: (row) => `${row.modelId}/${row.year}`,
    where: (keys) => ({
      modelId: { in: [...new Set(keys.map((key) => key.create.modelId as number))] },
      year: { in: [...new Set(keys.map((key) => key.create.year as number))] },
    }),
  },
  PLANS: byUnitYear((tx) => tx.plan, 'Plan'),
  SATISFACTION_SURVEYS: byUnitYear((tx) => tx.satisfactionSurvey, 'SatisfactionSurvey'),
  NEW_RURAL_STATUSES: byUnitYear((tx) => tx.newRuralStatus, 'NewRuralStatus'),
};

const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

export interface Diff {
  creates: Prepared[];
  /** `dataChanged` false: only a unit's parent link is new. */
  updates: { prepared: Prepared; before: Row; dataChanged: boolean }[];
  unchanged: { prepared: Prepared; before: Row }[];
}

/** Compares the prepared records with the stored ones. */
export async function diff(tx: Prisma.TransactionClient, kind: ImportKind, prepared: Prepared[]): Promise<Diff> {
  const table = TABLES[kind];
  const stored = new Map<string, Row>();
  for await (const chunk of inTurns(prepared, CHUNK)) {
    for (const row of await table.delegate(tx).findMany({ where: table.where(chunk) })) stored.set(table.matchKey(row), row);
  }
  const result: Diff = { creates: [], updates: [], unchanged: [] };
  for (const record of prepared) {
    const before = stored.get(record.matchKey);
    if (!before) result.creates.push(record);
    else {
      const dataChanged = !Object.entries(record.data).every(([key, value]) => same(before[key], value));
      if (dataChanged || record.link) result.updates.push({ prepared: record, before, dataChanged });
      else result.unchanged.push({ prepared: record, before });
    }
  }
  return result;
}

/** The change a row makes to a stored record (`before`, null for a new one), as the write frame files it. */
export function changeOf(kind: ImportKind, record: Prepared, before: Row | null, after: Row | null, currentYear: number): Change {
  const entity = TABLES[kind].entity;
  // A field created or given other years may change what COMMUNE_ALL_FIELDS counts in any year.
  if (kind === 'FIELDS')
    return {
      entity,
      entityKey: record.entityKey,
      unitId: null,
      recountsAll: !before || before.firstYear !== after?.firstYear || before.lastYear !== after?.lastYear,
      before,
      after,
    };
  if (kind === 'UNITS') return { entity, entityKey: record.entityKey, unitId: (after ?? before)?.id ?? null, before, after };
  if (kind === 'MODELS') {
    const years = modelYears(before as unknown as CountedModel | null, record.data as unknown as CountedModel, currentYear);
    return {
      entity,
      entityKey: record.entityKey,
      unitId: record.unitId,
      years: years.after,
      formerUnitId: before ? (before.unitId as number) : null,
      formerYears: years.before,
      before,
      after,
    };
  }
  return { entity, entityKey: record.entityKey, unitId: record.unitId, years: [record.create.year as number], before, after };
}

/** Rows per createMany statement: SQLite binds at most 32,766 parameters, and rows have up to 11 fields. */
const CREATE_CHUNK = 1000;

export async function applyDiff(
  writer: Writer,
  kind: ImportKind,
  changes: Diff,
  currentYear: number,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const table = TABLES[kind];
  const delegate = table.delegate(writer.tx);
  const total = changes.creates.length + changes.updates.length;
  let done = 0;
  /** What to file once every row and link is written: a new unit is judged through its parent link. */
  const filed: { record: Prepared; before: Row | null; after: Row }[] = [];
  /** Units that get a parent link, with their ids once they exist. */
  const linked: { record: Prepared; unitId: number }[] = [];
  for await (const chunk of inTurns(changes.creates, CREATE_CHUNK)) {
    const created = await delegate.createManyAndReturn({ data: chunk.map((record) => record.create) });
    const byKey = new Map(created.map((row) => [table.matchKey(row), row]));
    for (const record of chunk) {
      const row = byKey.get(record.matchKey)!;
      filed.push({ record, before: null, after: row });
      if (record.link) linked.push({ record, unitId: row.id });
    }
    done += chunk.length;
    onProgress?.(done, total);
  }
  for await (const slice of inTurns(changes.updates, CHUNK)) {
    for (const { prepared, before, dataChanged } of slice) {
      if (prepared.link) linked.push({ record: prepared, unitId: before.id });
      if (dataChanged)
        filed.push({ record: prepared, before, after: await delegate.update({ where: { id: before.id }, data: { ...prepared.data, ...prepared.derived } }) });
      done += 1;
      if (done % 100 === 0 || done === total) onProgress?.(done, total);
    }
  }
  const links = linked.length ? await writeParentLinks(writer, linked) : [];
  for await (const slice of inTurns(filed, CHUNK))
    for (const { record, before, after } of slice) await writer.audit(changeOf(kind, record, before, after, currentYear));
  for (const link of links) await writer.audit(link);
}

/** Creates the units' parent links from their first day; answers their changes, keyed as unit management keys them. */
async function writeParentLinks(writer: Writer, linked: { record: Prepared; unitId: number }[]) {
  const parentIds = new Map<string, number>();
  for await (const chunk of inTurns([...new Set(linked.map(({ record }) => record.link!.parentCode))], CHUNK)) {
    for (const unit of await writer.tx.unit.findMany({ where: { code: { in: chunk } }, select: { id: true, code: true } })) parentIds.set(unit.code, unit.id);
  }
  const changes = [];
  for await (const chunk of inTurns(linked, CREATE_CHUNK)) {
    const created = await writer.tx.unitParent.createManyAndReturn({
      data: chunk.map(({ record, unitId }) => ({
        unitId,
        parentId: parentIds.get(record.link!.parentCode)!,
        validFrom: record.link!.validFrom,
        validTo: record.link!.validTo,
      })),
    });
    const byUnit = new Map(created.map((link) => [link.unitId, link]));
    for (const { record, unitId } of chunk) {
      const link = byUnit.get(unitId)!;
      changes.push({
        entity: 'UnitParent',
        entityKey: `${record.matchKey}/parent@${link.validFrom ? isoDay(link.validFrom) : 'start'}`,
        unitId,
        before: null,
        after: link,
      });
    }
  }
  return changes;
}
