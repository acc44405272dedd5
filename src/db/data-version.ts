// The data version: one counter that every write raises inside its own transaction (src/entry/audit.ts,
// the import, indicators). A cached answer is keyed on the version it was computed at, so a write is
// seen by the next read on every server that shares the database (docs/performance.md).
import type { Prisma } from '../generated/sqlite/client.ts';
import type { Database } from './client.ts';

export async function dataVersion(db: Database): Promise<number> {
  return (await db.dataVersion.findUnique({ where: { id: 1 }, select: { version: true } }))?.version ?? 0;
}

/** The write itself, unawaited, so that a batch transaction can hold it too. */
export function raiseDataVersion(tx: Prisma.TransactionClient) {
  return tx.dataVersion.update({ where: { id: 1 }, data: { version: { increment: 1 } } });
}
