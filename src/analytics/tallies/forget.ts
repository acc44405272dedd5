// Forgetting kept tallies: a write deletes, in its own transaction, the rows it could change, and notes
// what it deleted for the readers it overtakes (./store.ts).
import { Prisma } from '../../generated/sqlite/client.ts';
import type { UnitTree } from '../../units/unit-tree.ts';
import { inTurns } from '../../turns.ts';
import { FORGETTING_WINDOW, INSERT_CHUNK } from './store.ts';

/** Units whose rows one statement deletes. */
const FORGET_CHUNK = 250;

/** Notes what a write deleted, under the version it raised the counter to; drops notes out of the window now and then. */
async function noteForgetting(tx: Prisma.TransactionClient, version: number, deleted: { unitId?: number; indicatorId?: number }[]) {
  await tx.tallyForgetting.createMany({ data: deleted.map((note) => ({ version, ...note })) });
  if (version % 1_000 === 0) await tx.tallyForgetting.deleteMany({ where: { version: { lte: version - FORGETTING_WINDOW } } });
}

/**
 * Deletes, in the writing transaction, the rows a write naming these units (their records, or their place
 * in the tree) could change: theirs and those of every unit they ever counted for, on every day; every row
 * when the tree does not know one of them. After `raiseDataVersion`, which orders it against readers
 * storing rows; `version` is the one it raised to.
 */
export async function forgetTallies(tx: Prisma.TransactionClient, version: number, tree: UnitTree, ownerIds: number[]) {
  const units = tree.answeringFor(ownerIds);
  if (!units) return forgetAllTallies(tx, version);
  // A few hundred units' rows a statement, the event loop turning between two: an import that reaches
  // thousands of communes deletes hundreds of thousands of rows.
  for await (const slice of inTurns(units, FORGET_CHUNK)) await tx.unitTally.deleteMany({ where: { unitId: { in: slice } } });
  for await (const slice of inTurns(units, INSERT_CHUNK))
    await noteForgetting(
      tx,
      version,
      slice.map((unitId) => ({ unitId })),
    );
}

/**
 * Deletes an indicator's rows, after a change to it; or every row, when the writer cannot tell which rows
 * a write reaches (its tree is no longer the database's). As `forgetTallies`.
 */
export async function forgetAllTallies(tx: Prisma.TransactionClient, version: number, indicatorId?: number) {
  // A slice's rows (an indicator, field and day) a statement, the event loop turning between two: an indicator's rows across the country
  // are 300,000, which one statement took SQLite 0.45 s of the request thread to delete.
  const slices = await tx.$queryRaw<{ indicatorId: number; fieldId: number; day: number }[]>`
    SELECT DISTINCT "indicatorId", "fieldId", "day" FROM "UnitTally" ${indicatorId === undefined ? Prisma.empty : Prisma.sql`WHERE "indicatorId" = ${indicatorId}`}`;
  for await (const [slice] of inTurns(slices, 1))
    await tx.unitTally.deleteMany({ where: { indicatorId: slice!.indicatorId, fieldId: slice!.fieldId, day: slice!.day } });
  await noteForgetting(tx, version, [indicatorId === undefined ? {} : { indicatorId }]);
}
