// Every write to the movement's records goes through here, in the transaction of the write itself: the
// audit entry and the change land together or not at all. That makes it the place where no write can slip
// outside the writer's area: a change to a unit outside it throws, and the transaction rolls back.
import type { Scope } from '../access/scope.ts';
import { forgetAllTallies, forgetTallies } from '../analytics/tallies.ts';
import type { UnitTree } from '../analytics/unit-tree.ts';
import { raiseDataVersion, type DataVersions } from '../db/data-version.ts';
import type { Prisma, WriteSource } from '../generated/sqlite/client.ts';

export interface Writer {
  tx: Prisma.TransactionClient;
  actor: string;
  source: WriteSource;
  /** The writer's area; absent for the command line, which writes as the operator of the server. */
  scope?: Scope;
  /** The unit tree the request read: which kept tallies a record's write reaches. Without it, a write forgets them all. */
  tree?: () => Promise<UnitTree>;
}

/** Changes to these move units in the tree: every kept tally may change. */
const TREE_ENTITIES = new Set(['Unit', 'UnitParent', 'UnitLineage']);
/** The records indicators count. */
const COUNTED_ENTITIES = new Set(['Model', 'Evaluation', 'Plan', 'SatisfactionSurvey', 'NewRuralStatus']);

export interface Change {
  entity: string;
  entityKey: string;
  unitId: number | null;
  /** The record's year, which the area is judged in; absent for the unit tree, judged at any time. */
  year?: number;
  before: object | null;
  after: object | null;
}

/** Records a change; an update that changed nothing leaves no entry. Answers whether anything changed. */
export async function audit(writer: Writer, change: Change): Promise<boolean> {
  // A unit created in this transaction is not in the tree yet; its mutation checked the parent instead.
  if (writer.scope && change.unitId !== null && (await writer.scope.knows(change.unitId))) await writer.scope.require(change.unitId, change.year);
  const before = change.before === null ? null : JSON.stringify(change.before);
  const after = change.after === null ? null : JSON.stringify(change.after);
  if (before === after) return false;
  const isTreeChange = TREE_ENTITIES.has(change.entity);
  const versions = await raiseDataVersion(writer.tx, { tree: isTreeChange });
  if (isTreeChange) await forgetAllTallies(writer.tx, versions.version);
  else if (COUNTED_ENTITIES.has(change.entity)) await forgetTalliesOfRecords(writer, versions, ownersOf(change));
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

/**
 * Forgets the kept tallies that writes to records of these units reach, after `raiseDataVersion` (which
 * answered `versions`): all of them without the writer's tree, or with a tree read before another server
 * changed it, which would miss where the records now count.
 */
export async function forgetTalliesOfRecords(writer: Writer, versions: DataVersions, ownerIds: number[]) {
  const tree = await writer.tree?.();
  if (!tree || tree.version !== versions.treeVersion) return forgetAllTallies(writer.tx, versions.version);
  await forgetTallies(writer.tx, versions.version, tree, ownerIds);
}

/** The units whose records a change touches: its unit, and the unit a record moved from or to. */
function ownersOf(change: Change): number[] {
  return [...new Set([change.unitId, unitOf(change.before), unitOf(change.after)].filter((id): id is number => typeof id === 'number'))];
}

export function unitOf(record: object | null): unknown {
  return record && 'unitId' in record ? record.unitId : null;
}
