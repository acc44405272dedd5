// The frame of every write: the data-entry mutations, the tree mutations, imports (through the API and the
// command line) and the reference data (fields, indicators, catalogues). One transaction that
// - takes the write lock first (the counter's row), so that what a write reads as "before" is what it
//   replaces: concurrent writes queue here, on PostgreSQL as on SQLite, and the audit chain holds;
// - checks every change against the writer's area, year by year, failing closed: a unit created in this
//   transaction is judged by the parent links the transaction reads, and when another server changed the
//   tree since the request read it, the tree is read again inside the transaction;
// - at its end, raises the data version, forgets the kept tallies the changes reach and files their audit
//   entries, once.
// Who may call a mutation at all is its `authScopes` rule; which units it may touch is checked here.
import type { Scope } from '../access/scope.ts';
import { forgetAllTallies, forgetTallies } from '../analytics/tallies.ts';
import { UnitTree } from '../units/unit-tree.ts';
import { providerOfDatabase, type Database } from '../db/client.ts';
import type { Provider } from '../db/datamodel.ts';
import { raiseDataVersion } from '../db/data-version.ts';
import { ForbiddenError, InvalidInputError } from '../errors.ts';
import { Prisma, type WriteSource } from '../generated/sqlite/client.ts';
import { inTurns } from '../turns.ts';
import { MAX_TREE_DEPTH } from '../units/tree.ts';

export interface Change {
  entity: string;
  entityKey: string;
  /** The unit the record belongs to; null for what belongs to no unit (an indicator). */
  unitId: number | null;
  /** The unit it belonged to before, when the write moved it: the area must hold both, and the entry is filed under both. */
  formerUnitId?: number | null;
  /** The years the area must hold `unitId` in (a model's: src/entry/reach.ts); absent for the unit tree, judged at any time. */
  years?: number[];
  /** The years the area must hold `formerUnitId` in; `years` when absent. */
  formerYears?: number[];
  /** The indicator whose counting a change alters (its definition): its kept tallies are forgotten. */
  indicatorId?: number;
  /** A change that may alter what every indicator counts (a field created, or its years changed): every kept tally is forgotten. */
  recountsAll?: boolean;
  before: object | null;
  after: object | null;
}

/** Changes to these move units in the tree (the tree version moves: every server reads it again). */
const TREE_ENTITIES = new Set(['Unit', 'UnitParent', 'UnitLineage']);
/** The records indicators count. */
const COUNTED_ENTITIES = new Set(['Model', 'Evaluation', 'Plan', 'SatisfactionSurvey', 'NewRuralStatus']);

export interface WriteOptions {
  actor: string;
  source: WriteSource;
  /** The writer's area; absent for the command line, which writes as the operator of the server. */
  scope?: Scope;
  /** The unit tree the request read: the area is judged, and kept tallies forgotten, on it while it is current. */
  tree?: () => Promise<UnitTree>;
}

export class Writer {
  private readonly entries: Prisma.AuditEntryCreateManyInput[] = [];
  /** The units whose kept tallies the changes reach, through the records they count or the tree around them. */
  private readonly owners = new Set<number>();
  private readonly indicators = new Set<number>();
  private everyIndicator = false;
  private treeChanged = false;
  private treeInTransaction?: Promise<UnitTree>;

  constructor(
    readonly tx: Prisma.TransactionClient,
    private readonly options: WriteOptions,
    /** The request's tree, if it is still the database's. */
    private readonly currentTree: UnitTree | undefined,
    private readonly provider: Provider,
  ) {}

  /** The tree the area is judged on: the request's while it is the database's, else the one this transaction sees. */
  private areaTree(): Promise<UnitTree> {
    if (this.currentTree) return Promise.resolve(this.currentTree);
    this.treeInTransaction ??= UnitTree.load(this.tx, this.provider);
    return this.treeInTransaction;
  }

  /** Whether the writer's area holds the unit's records of the year, or of some year without one. */
  async holds(unitId: number, year?: number): Promise<boolean> {
    const scope = this.options.scope;
    return !scope || scope.wholeCountry || this.covers(await this.areaTree(), unitId, year);
  }

  /** Refuses (FORBIDDEN) records of the unit in these years, or at any time without years, outside the writer's area. */
  async require(unitId: number, years?: number[]): Promise<void> {
    for (const year of years ?? [undefined]) {
      if (await this.holds(unitId, year)) continue;
      const tree = await this.areaTree();
      throw this.options.scope!.refusal(tree.has(unitId) ? tree.unit(unitId) : undefined, year);
    }
  }

  /**
   * Whether the area holds the unit in the year. A unit the tree does not hold was created since it was
   * read, in this transaction: it is within when a parent it has (in that year) is, as this transaction
   * reads its links; one without a parent is not.
   */
  private async covers(tree: UnitTree, unitId: number, year: number | undefined, depth = 0): Promise<boolean> {
    if (tree.has(unitId)) return this.options.scope!.coversOn(tree, unitId, year);
    if (depth > MAX_TREE_DEPTH) return false;
    const links = await this.tx.unitParent.findMany({ where: { unitId, ...(year === undefined ? {} : overlapsYear(year)) }, select: { parentId: true } });
    for (const link of links) if (await this.covers(tree, link.parentId, year, depth + 1)) return true;
    return false;
  }

  /** Refuses (FORBIDDEN) a change outside the writer's area: of either unit, in its years. */
  async requireArea(change: Change): Promise<void> {
    if (change.unitId !== null) await this.require(change.unitId, change.years);
    if (typeof change.formerUnitId === 'number') await this.require(change.formerUnitId, change.formerYears ?? change.years);
    // What belongs to no unit belongs to the whole country.
    if (change.unitId === null && this.options.scope && !this.options.scope.wholeCountry) {
      throw new ForbiddenError(
        `${change.entity} ${change.entityKey} belongs to no unit: only whole-country accounts change it.`,
        `${change.entity} ${change.entityKey} không thuộc đơn vị nào: chỉ tài khoản toàn quốc được thay đổi.`,
      );
    }
  }

  /** Checks a change against the area and files it; an update that changed nothing is not filed. Answers whether anything changed. */
  async audit(change: Change): Promise<boolean> {
    await this.requireArea(change);
    const units = [change.unitId, change.formerUnitId].filter((id): id is number => typeof id === 'number');
    const before = change.before === null ? null : JSON.stringify(change.before);
    const after = change.after === null ? null : JSON.stringify(change.after);
    if (before === after) return false;
    if (TREE_ENTITIES.has(change.entity)) {
      this.treeChanged = true;
      for (const id of [...units, ...treeUnits(change)]) this.owners.add(id);
    } else if (COUNTED_ENTITIES.has(change.entity)) for (const id of [...units, ...recordUnits(change)]) this.owners.add(id);
    if (change.indicatorId !== undefined) this.indicators.add(change.indicatorId);
    if (change.recountsAll) this.everyIndicator = true;
    this.entries.push({
      actor: this.options.actor,
      source: this.options.source,
      action: before === null ? 'CREATE' : after === null ? 'DELETE' : 'UPDATE',
      entity: change.entity,
      entityKey: change.entityKey,
      unitId: change.unitId,
      formerUnitId: change.formerUnitId !== undefined && change.formerUnitId !== change.unitId ? change.formerUnitId : null,
      before,
      after,
    });
    return true;
  }

  /**
   * Raises the data version, forgets the kept tallies the changes reach and files the entries: once, at the
   * end. What a change reaches (docs/performance.md, "What a write forgets"): the rows of the units it
   * names — a record's unit before and after, a unit of the tree and the parents, predecessors and
   * successors its links name — and of every unit those ever answered to, their successors and every unit
   * ever above them, on every day. A unit's row counts its subtree and the records of the units that answer
   * to it, so a change anywhere else leaves it as it was. A unit created in this transaction has no rows
   * yet: its parent's chain is reached through its link.
   */
  async finish(): Promise<void> {
    if (!this.entries.length) return;
    const versions = await raiseDataVersion(this.tx, { tree: this.treeChanged });
    if (this.everyIndicator) await forgetAllTallies(this.tx, versions.version);
    else for (const indicatorId of this.indicators) await forgetAllTallies(this.tx, versions.version, indicatorId);
    if (this.owners.size && !this.everyIndicator) {
      // Without the request's tree (another server changed it since), where the records count is not known.
      const tree = this.currentTree;
      if (tree)
        await forgetTallies(
          this.tx,
          versions.version,
          tree,
          [...this.owners].filter((id) => tree.has(id)),
        );
      else await forgetAllTallies(this.tx, versions.version);
    }
    // One time for the whole write, as `@default(now())` would give each row of one statement.
    const at = new Date();
    for await (const slice of inTurns(this.entries, AUDIT_CHUNK)) await fileEntries(this.tx, at, slice);
  }
}

/** Parent links that held on some day of the year. */
const overlapsYear = (year: number) => ({
  AND: [
    { OR: [{ validFrom: null }, { validFrom: { lte: new Date(Date.UTC(year, 11, 31)) } }] },
    { OR: [{ validTo: null }, { validTo: { gte: new Date(Date.UTC(year, 0, 1)) } }] },
  ],
});

/** Audit entries per statement: 10 parameters each, and a turn of the event loop between two statements. */
const AUDIT_CHUNK = 500;

/**
 * Inserts audit entries in one statement. Written as SQL: through Prisma's createMany, a 100,000-row
 * import's entries took 17.5 s of the request thread (about 350 ms a statement of 2,000, the loop held up
 * to 1.5 s at a time), as SQL a fraction of it. On PostgreSQL the column reads the source's text as its enum.
 */
function fileEntries(tx: Prisma.TransactionClient, at: Date, entries: Prisma.AuditEntryCreateManyInput[]) {
  const values = entries.map(
    (entry) =>
      Prisma.sql`(${at}, ${entry.actor}, ${entry.source}, ${entry.action}, ${entry.entity}, ${entry.entityKey}, ${entry.unitId ?? null}, ${entry.formerUnitId ?? null}, ${entry.before ?? null}, ${entry.after ?? null})`,
  );
  return tx.$executeRaw`INSERT INTO "AuditEntry" ("at", "actor", "source", "action", "entity", "entityKey", "unitId", "formerUnitId", "before", "after") VALUES ${Prisma.join(values)}`;
}

/** The units whose records a change touches besides its own: the unit a record moved from or to. */
function recordUnits(change: Change): number[] {
  return [unitOf(change.before), unitOf(change.after)].filter((id): id is number => typeof id === 'number');
}

function unitOf(record: object | null): unknown {
  return record && 'unitId' in record ? record.unitId : null;
}

/** The other units a change of the tree names: a link's parents, a lineage's predecessor and successor. */
function treeUnits(change: Change): number[] {
  const named = (record: object | null) => (record ? ['parentId', 'predecessorId', 'successorId'].map((key) => (record as Record<string, unknown>)[key]) : []);
  return [...named(change.before), ...named(change.after)].filter((id): id is number => typeof id === 'number');
}

/**
 * The write lock: an update of the counter's row that changes nothing, which every later write waits
 * behind; it answers the tree version, to tell whether the request's tree is still the database's.
 */
async function takeWriteLock(tx: Prisma.TransactionClient): Promise<number> {
  const [row] = await tx.$queryRaw<{ treeVersion: number }[]>`UPDATE "DataVersion" SET "version" = "version" WHERE "id" = 1 RETURNING "treeVersion"`;
  return Number(row?.treeVersion ?? 0);
}

/** Per client, the end of the writes this process runs on another thread (an import), which its own wait for. */
const writesElsewhere = new WeakMap<Database, Promise<unknown>>();

/**
 * Makes this process's writes on the client wait for `written`, a write running on another thread with a
 * connection of its own. Without it they would wait for that connection's lock in the database, where a
 * wait is bounded by a transaction's few seconds (and on SQLite sleeps the request thread): a mutation
 * sent during a 100,000-row import would fail, where it now lands after it.
 */
export function writesAfter(db: Database, written: Promise<unknown>): void {
  const ended = Promise.allSettled([writesElsewhere.get(db), written]);
  writesElsewhere.set(db, ended);
  void ended.then(() => writesElsewhere.get(db) === ended && writesElsewhere.delete(db));
}

/** When this process's writes on other threads have ended: a write on the client after it does not wait for their lock. */
export function afterWritesElsewhere(db: Database): Promise<unknown> {
  return writesElsewhere.get(db) ?? Promise.resolve();
}

export async function writeFrame<T>(
  db: Database,
  options: WriteOptions,
  work: (writer: Writer) => Promise<T>,
  limits?: { timeout: number; maxWait: number },
): Promise<T> {
  await afterWritesElsewhere(db);
  // The request's tree is read before the transaction opens: SQLite has one writer, and a read outside the
  // transaction would wait for it.
  const tree = await options.tree?.();
  try {
    return await db.$transaction(async (tx) => {
      const treeVersion = await takeWriteLock(tx);
      const writer = new Writer(tx, options, tree && tree.version === treeVersion ? tree : undefined, providerOfDatabase(db));
      const result = await work(writer);
      await writer.finish();
      return result;
    }, limits);
  } catch (error) {
    throw alreadyRegistered(error) ?? error;
  }
}

/** The frame of a mutation, as its viewer: what a request's context (src/context.ts) says of them. */
export function writeAs<T>(
  ctx: { db: Database; actor: string; scope: Scope; facts: { tree: () => Promise<UnitTree> } },
  work: (writer: Writer) => Promise<T>,
): Promise<T> {
  return writeFrame(ctx.db, { actor: ctx.actor, source: 'MUTATION', scope: ctx.scope, tree: ctx.facts.tree }, work);
}

/**
 * A unique key another write took first, between this write's check and its insert (the write lock makes
 * that rare): the caller's input, not a failure of the server.
 */
function alreadyRegistered(error: unknown): InvalidInputError | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return undefined;
  return new InvalidInputError([{ path: ['input'], message: 'a record with the same key is already registered; change it rather than register it again' }]);
}
