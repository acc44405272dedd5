// Every write to the movement's records goes through here, in the transaction of the write itself: the
// audit entry and the change land together or not at all.
import type { Prisma, WriteSource } from '../generated/sqlite/client.ts';

export interface Writer {
  tx: Prisma.TransactionClient;
  actor: string;
  source: WriteSource;
}

export interface Change {
  entity: string;
  entityKey: string;
  unitId: number | null;
  before: object | null;
  after: object | null;
}

/** Records a change; an update that changed nothing leaves no entry. Answers whether anything changed. */
export async function audit(writer: Writer, change: Change): Promise<boolean> {
  const before = change.before === null ? null : JSON.stringify(change.before);
  const after = change.after === null ? null : JSON.stringify(change.after);
  if (before === after) return false;
  await writer.tx.auditEntry.create({
    data: {
      actor: writer.actor,
      source: writer.source,
      action: before === null ? 'CREATE' : after === null ? 'DELETE' : 'UPDATE',
      entity: change.entity,
      entityKey: change.entityKey,
      unitId: change.unitId,
      before,
      after,
    },
  });
  return true;
}
