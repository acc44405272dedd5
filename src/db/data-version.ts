// The data version: one counter that every write raises inside its own transaction (src/entry/audit.ts,
// the import, indicators). A cached answer is keyed on the version it was computed at, so a write is
// seen by the next read on every server that shares the database (docs/performance.md). The tree version
// beside it moves only with the unit tree, which a server keeps in memory until then.
import type { Prisma } from '../generated/sqlite/client.ts';
import type { Database } from './client.ts';

export interface DataVersions {
  version: number;
  treeVersion: number;
}

export async function dataVersions(db: Database | Prisma.TransactionClient): Promise<DataVersions> {
  return (await db.dataVersion.findUnique({ where: { id: 1 }, select: { version: true, treeVersion: true } })) ?? { version: 0, treeVersion: 0 };
}

/**
 * The write itself, to await in the transaction it belongs to. It must come before a write
 * forgets kept tallies (src/analytics/tallies.ts): on PostgreSQL the row lock it takes is what a reader
 * storing tallies waits on.
 */
export function raiseDataVersion(tx: Prisma.TransactionClient, changes: { tree?: boolean } = {}) {
  return tx.dataVersion.update({
    where: { id: 1 },
    data: { version: { increment: 1 }, ...(changes.tree ? { treeVersion: { increment: 1 } } : {}) },
  });
}
