// The unit tree with its history, held in memory by the server until the tree version moves
// (src/analytics/facts.ts; a write frame reads its own, src/entry/write.ts): read in pages, and every
// population, breakdown and lineage question is then answered without another query. The
// counts themselves stay in SQL (src/analytics/sql); this is only the structure they are rolled up on.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Database } from '../db/client.ts';
import { dataVersions } from '../db/data-version.ts';
import type { Provider } from '../db/datamodel.ts';
import type { Prisma, UnitKind } from '../generated/sqlite/client.ts';
import { existsOn as covers, MAX_LINEAGE_DEPTH, MAX_TREE_DEPTH } from './tree.ts';

export interface TreeUnit {
  id: number;
  code: string;
  officialCode: string;
  name: string;
  kind: UnitKind;
  validFrom: Date | null;
  validTo: Date | null;
}

interface Interval {
  validFrom: Date | null;
  validTo: Date | null;
}

type TreeLink = Interval & { unitId: number; parentId: number };
type LineageLink = { predecessorId: number; successorId: number; effectiveDate: Date };

/** Rows of a table read in one statement: a page of units read and parsed holds the thread about 10 ms. */
const TREE_PAGE = 2_500;

export class UnitTree {
  private readonly units = new Map<number, TreeUnit>();
  private readonly unitsByCode = new Map<string, TreeUnit>();
  private readonly childLinks = new Map<number, (Interval & { unitId: number })[]>();
  private readonly parentLinks = new Map<number, (Interval & { parentId: number })[]>();
  private readonly successorLinks = new Map<number, { successorId: number; effectiveDate: Date }[]>();
  private readonly predecessorLinks = new Map<number, { predecessorId: number; effectiveDate: Date }[]>();
  /** Answers already given, per day: a dashboard asks the same questions for every indicator and group. */
  private readonly answers = new Map<number, DayAnswers>();

  constructor(units: TreeUnit[], links: TreeLink[], lineage: LineageLink[]) {
    this.add(units, links, lineage);
  }

  private add(units: TreeUnit[], links: TreeLink[], lineage: LineageLink[]) {
    this.largest = undefined;
    for (const unit of units) {
      this.units.set(unit.id, unit);
      this.unitsByCode.set(unit.code, unit);
    }
    for (const link of links) {
      push(this.childLinks, link.parentId, link);
      push(this.parentLinks, link.unitId, link);
    }
    for (const link of lineage) {
      push(this.successorLinks, link.predecessorId, link);
      push(this.predecessorLinks, link.successorId, link);
    }
  }

  /** The tree version it was read at (src/db/data-version.ts); -1 when unknown. */
  version = -1;

  /**
   * Reads the tree: the units and their parent links as JSON texts the database builds, a page of rows
   * each, the event loop turning between two. Read as rows, a whole country's 76,000 units and their links
   * took Prisma 0.6–1.1 s of the request thread to turn into objects; parsed from JSON, a quarter of that
   * (docs/performance.md), and in pages no hold is longer than a page's. A tree change that lands between
   * two pages is caught by the tree version, read before and after: the tree is then read again.
   */
  static async load(db: Database | Prisma.TransactionClient, provider: Provider, { page = TREE_PAGE } = {}): Promise<UnitTree> {
    for (;;) {
      const before = (await dataVersions(db)).treeVersion;
      const tree = await UnitTree.readInPages(db, provider, page);
      if ((await dataVersions(db)).treeVersion === before) return tree;
    }
  }

  private static async readInPages(db: Database | Prisma.TransactionClient, provider: Provider, size: number): Promise<UnitTree> {
    const epochMs = (column: string) =>
      provider === 'postgresql' ? `CAST(EXTRACT(EPOCH FROM "${column}") * 1000 AS BIGINT)` : `unixepoch("${column}") * 1000`;
    const asJson = (columns: string[]) =>
      provider === 'postgresql' ? `CAST(json_agg(json_build_array(${columns.join(', ')})) AS TEXT)` : `json_group_array(json_array(${columns.join(', ')}))`;
    /** The table's rows by id, a page at a time, each row an array of the columns (the id first); the loop turns between two pages. */
    async function* pages<Row extends [number, ...unknown[]]>(table: string, columns: string[]): AsyncGenerator<Row[]> {
      for (let after = 0; ; await nextTurn()) {
        const [result] = await db.$queryRawUnsafe<{ rows: string | null }[]>(
          `SELECT ${asJson(columns)} AS "rows" FROM (SELECT * FROM "${table}" WHERE "id" > ${after} ORDER BY "id" LIMIT ${size}) AS page`,
        );
        const rows: Row[] = JSON.parse(result?.rows ?? '[]');
        yield rows;
        if (rows.length < size) return;
        after = Math.max(...rows.map(([id]) => id));
      }
    }
    const day = (ms: number | string | null) => (ms === null ? null : new Date(Number(ms)));
    const tree = new UnitTree([], [], await db.unitLineage.findMany({ select: { predecessorId: true, successorId: true, effectiveDate: true } }));
    for await (const rows of pages<[number, string, string, string, UnitKind, number | null, number | null]>('Unit', [
      'id',
      'code',
      '"officialCode"',
      'name',
      'kind',
      epochMs('validFrom'),
      epochMs('validTo'),
    ])) {
      tree.add(
        rows.map(([id, code, officialCode, name, kind, validFrom, validTo]) => ({
          id,
          code,
          officialCode,
          name,
          kind,
          validFrom: day(validFrom),
          validTo: day(validTo),
        })),
        [],
        [],
      );
    }
    for await (const rows of pages<[number, number, number, number | null, number | null]>('UnitParent', [
      'id',
      '"unitId"',
      '"parentId"',
      epochMs('validFrom'),
      epochMs('validTo'),
    ])) {
      tree.add(
        [],
        rows.map(([, unitId, parentId, validFrom, validTo]) => ({ unitId, parentId, validFrom: day(validFrom), validTo: day(validTo) })),
        [],
      );
    }
    return tree;
  }

  unit(id: number): TreeUnit {
    const unit = this.units.get(id);
    if (!unit) throw new Error(`unit ${id} is not in the tree`);
    return unit;
  }

  byCode(code: string): TreeUnit | undefined {
    return this.unitsByCode.get(code);
  }

  has(id: number): boolean {
    return this.units.has(id);
  }

  existsOn(id: number, day: Date): boolean {
    return covers(this.unit(id), day);
  }

  private on(day: Date): DayAnswers {
    let answers = this.answers.get(day.getTime());
    if (!answers) {
      answers = { subtree: new Map() };
      this.answers.set(day.getTime(), answers);
    }
    return answers;
  }

  /** The units directly below on the day, by code. */
  children(id: number, day: Date): TreeUnit[] {
    // Kept by unit id in an array: a whole country's first read asks it millions of times.
    const answers = this.on(day);
    answers.children ??= new Array(this.largestId + 1);
    let children = answers.children[id];
    if (children === undefined) {
      children = (this.childLinks.get(id) ?? [])
        .filter((link) => covers(link, day) && this.existsOn(link.unitId, day))
        .map((link) => this.unit(link.unitId))
        .sort((a, b) => a.code.localeCompare(b.code));
      answers.children[id] = children;
    }
    return children;
  }

  /** The units above on the day, from the top of the tree down to the parent. */
  ancestors(id: number, day: Date): TreeUnit[] {
    const chain: TreeUnit[] = [];
    for (let link = this.parentOn(id, day); link && chain.length < 10; link = this.parentOn(link.parentId, day)) chain.unshift(this.unit(link.parentId));
    return chain;
  }

  /**
   * `rootId` and the units below it through parent links valid on the day, whether or not they exist
   * that day. Without a day, the units below it on some day: a path counts only if its links all held on
   * one same day (a commune that joined a district after the district left the province was never in the
   * province). Lists filter on these ids: as a nested SQL filter, the same question takes PostgreSQL's
   * planner seconds.
   */
  below(rootId: number, day?: Date): Set<number> {
    const found = new Set([rootId]);
    let level: [number, Days][] = [[rootId, day ? [day.getTime(), day.getTime()] : ALWAYS]];
    for (let depth = 0; depth < MAX_TREE_DEPTH && level.length; depth++) {
      const next: [number, Days][] = [];
      for (const [id, days] of level) {
        for (const link of this.childLinks.get(id) ?? []) {
          const held = overlap(days, link);
          if (!held) continue;
          found.add(link.unitId);
          next.push([link.unitId, held]);
        }
      }
      level = next;
    }
    return found;
  }

  /**
   * The units whose records count under `rootId` on the day: those below it that exist that day, and the
   * units merged into them on or before it (at any time, and whether they exist, when no day is given).
   */
  accountableWithin(rootId: number, day?: Date): Set<number> {
    return this.accountableTo(
      [...this.below(rootId, day)].filter((id) => !day || this.existsOn(id, day)),
      day,
    );
  }

  /** The units and those merged into them on or before the day (at any time, when no day is given). */
  accountableTo(unitIds: number[], day?: Date): Set<number> {
    const found = new Set(unitIds);
    let level = [...found];
    for (let depth = 0; depth < MAX_LINEAGE_DEPTH && level.length; depth++) {
      const next: number[] = [];
      for (const id of level) {
        for (const link of this.predecessorLinks.get(id) ?? []) {
          if ((day && link.effectiveDate > day) || found.has(link.predecessorId)) continue;
          found.add(link.predecessorId);
          next.push(link.predecessorId);
        }
      }
      level = next;
    }
    return found;
  }

  /**
   * Every unit the records of these owners could ever count for: the owners, their successors, and every
   * unit ever above one of those. Null when an owner is not in the tree (created since it was read).
   */
  answeringFor(ownerIds: number[]): number[] | null {
    if (!ownerIds.every((id) => this.has(id))) return null;
    const found = new Set(ownerIds);
    const follow = (next: (id: number) => number[]) => {
      for (let level = [...found]; level.length; ) {
        level = level.flatMap(next).filter((id) => !found.has(id));
        for (const id of level) found.add(id);
      }
    };
    follow((id) => (this.successorLinks.get(id) ?? []).map((link) => link.successorId));
    follow((id) => (this.parentLinks.get(id) ?? []).map((link) => link.parentId));
    return [...found];
  }

  /**
   * Whether `id` is `rootId` or below it: on the day, or on some day when no day is given (by links that
   * all held on that one day, as `below`).
   */
  isWithin(id: number, rootId: number, day?: Date): boolean {
    if (id === rootId) return true;
    let level: [number, Days][] = [[id, day ? [day.getTime(), day.getTime()] : ALWAYS]];
    for (let depth = 0; depth < 2 * MAX_TREE_DEPTH && level.length; depth++) {
      const next: [number, Days][] = [];
      for (const [unitId, days] of level) {
        for (const link of this.parentLinks.get(unitId) ?? []) {
          const held = overlap(days, link);
          if (!held) continue;
          if (link.parentId === rootId) return true;
          next.push([link.parentId, held]);
        }
      }
      level = next;
    }
    return false;
  }

  /** Units in the tree, at any time. */
  get size(): number {
    return this.units.size;
  }

  /** The most units ever directly below one unit: what a breakdown by child units lists at most. */
  get mostChildren(): number {
    this.widest ??= Math.max(0, ...[...this.childLinks.values()].map((links) => new Set(links.map((link) => link.unitId)).size));
    return this.widest;
  }
  private widest?: number;

  /**
   * How many units are the unit or within `depth` levels below it by links of any time (every level for
   * Infinity): a bound of what breakdowns that deep list on any day, cheap to take (the coverage budget).
   */
  countWithin(rootId: number, depth: number): number {
    return remember(this.reach, `${rootId}/${depth}`, () => {
      const found = new Set([rootId]);
      let level = [rootId];
      for (let down = 0; down < depth && level.length; down++) {
        level = level.flatMap((id) => (this.childLinks.get(id) ?? []).map((link) => link.unitId)).filter((id) => !found.has(id) && found.add(id));
      }
      return found.size;
    });
  }
  private readonly reach = new Map<string, number>();

  private parentOn(id: number, day: Date) {
    return this.parentLinks.get(id)?.find((link) => covers(link, day));
  }

  /** The unit and every unit below it on the day (none if the unit does not exist that day). */
  subtree(id: number, day: Date): TreeUnit[] {
    return remember(this.on(day).subtree, id, () => {
      if (!this.existsOn(id, day)) return [];
      const found: TreeUnit[] = [];
      const pending = [this.unit(id)];
      for (let unit = pending.pop(); unit; unit = pending.pop()) {
        found.push(unit);
        pending.push(...this.children(unit.id, day));
      }
      return found;
    });
  }

  /**
   * The unit that answers on `day` for records registered by `ownerId`: the owner while it exists, then
   * the unit it was merged into, and so on. A commune split between successors passes its records to one
   * of them, so that every record counts once: the successor that kept its official code, else the first
   * by code. Null when the owner does not exist yet, or ended without a successor (the districts in 2025).
   */
  accountableOn(ownerId: number, day: Date): number | null {
    // By owner id in a typed array: a whole country's first read asks it of a million models per day.
    const answers = this.on(day);
    answers.accountable ??= new Int32Array(this.largestId + 1).fill(UNASKED);
    let unitId = answers.accountable[ownerId];
    if (unitId === undefined || unitId === UNASKED) {
      unitId = this.followSuccessors(ownerId, day) ?? NONE;
      answers.accountable[ownerId] = unitId;
    }
    return unitId === NONE ? null : unitId;
  }

  /** The largest unit id: arrays by unit id have one more entry. */
  get largestId(): number {
    if (this.largest === undefined) {
      this.largest = 0;
      for (const id of this.units.keys()) this.largest = Math.max(this.largest, id);
    }
    return this.largest;
  }
  private largest?: number;

  private followSuccessors(ownerId: number, day: Date): number | null {
    let current = this.unit(ownerId);
    for (let step = 0; step <= MAX_LINEAGE_DEPTH; step++) {
      if (covers(current, day)) return current.id;
      if (current.validFrom && current.validFrom > day) return null;
      const successor = this.primarySuccessor(current, day);
      if (!successor) return null;
      current = successor;
    }
    return null;
  }

  private primarySuccessor(unit: TreeUnit, day: Date): TreeUnit | undefined {
    const successors = (this.successorLinks.get(unit.id) ?? [])
      .filter((link) => link.effectiveDate <= day)
      .map((link) => this.unit(link.successorId))
      .sort((a, b) => a.code.localeCompare(b.code));
    return successors.find((successor) => successor.officialCode === unit.officialCode) ?? successors[0];
  }
}

interface DayAnswers {
  /** By unit id. */
  children?: (TreeUnit[] | undefined)[];
  subtree: Map<number, TreeUnit[]>;
  /** By owner id: the unit accountable, NONE, or UNASKED yet. */
  accountable?: Int32Array;
}

const UNASKED = -2;
const NONE = -1;

/** A span of days, as first and last instants in milliseconds; open ends are infinite. */
type Days = [number, number];
const ALWAYS: Days = [-Infinity, Infinity];

/** The days of `days` on which the link held too, or null when there are none. */
function overlap(days: Days, link: Interval): Days | null {
  const from = Math.max(days[0], link.validFrom?.getTime() ?? -Infinity);
  const to = Math.min(days[1], link.validTo?.getTime() ?? Infinity);
  return from <= to ? [from, to] : null;
}

function remember<K, V>(answers: Map<K, V>, id: K, answer: () => V): V {
  // One lookup when the answer is there (answers are never undefined): a first read asks millions.
  let known = answers.get(id);
  if (known === undefined) {
    known = answer();
    answers.set(id, known);
  }
  return known;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
