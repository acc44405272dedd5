// The subtree a viewer reads and writes. "Within" is judged on the unit tree as it stood in the record's
// year (31 December, or the unit's last day if it ended that year), because units move: a commune that
// joined another district in 2020 counts for the old district's officer in 2019 and for the new one after.
// A record also belongs, in a year, to the unit that answers for it then, the rule coverage counts by: a
// model of a commune merged away in 2025 counts for its successor from then on, so the successor's officers
// read and write its 2026 evaluation. Questions without a year (a unit's list of models) ask whether the
// unit, or a unit that took over its records, was within on some day, by parent links that all held that
// day (src/units/unit-tree.ts, isWithin).
import { referenceDay } from '../units/tree.ts';
import type { UnitTree } from '../units/unit-tree.ts';
import { ForbiddenError } from '../errors.ts';
import type { UnitRef, Viewer } from './viewer.ts';
import { getOrMake } from '../lib/maps.ts';

export class Scope {
  /** The units that answer, at some time, for records of units within the subtree, per tree read. */
  private readonly accountable = new WeakMap<UnitTree, Set<number>>();

  constructor(
    /** The top of the subtree; null for the whole country. */
    readonly root: UnitRef | null,
    private readonly tree: () => Promise<UnitTree>,
  ) {}

  static of(viewer: Viewer, tree: () => Promise<UnitTree>): Scope {
    if (viewer.kind === 'user') return new Scope(viewer.unit, tree);
    // An embed token reads its grant through embeddedChart, which needs no area; anyone else who is not
    // signed in reads nothing. An area no unit belongs to says both.
    return new Scope({ id: -1, code: '', name: '' }, tree);
  }

  get wholeCountry(): boolean {
    return this.root === null;
  }

  /** Whether the unit's records of the year are within the subtree, or of some year when it is omitted. */
  async covers(unitId: number, year?: number): Promise<boolean> {
    return this.coversOn(await this.tree(), unitId, year);
  }

  /** As `covers`, on a given tree; a unit the tree does not hold is outside. */
  coversOn(tree: UnitTree, unitId: number, year?: number): boolean {
    if (!this.root) return true;
    if (!tree.has(unitId)) return false;
    if (year === undefined) return tree.isWithin(unitId, this.root.id) || this.accountableWithin(tree).has(unitId);
    const day = referenceDay(year, tree.unit(unitId));
    if (tree.isWithin(unitId, this.root.id, day)) return true;
    const answering = tree.accountableOn(unitId, day);
    return answering !== null && answering !== unitId && tree.isWithin(answering, this.root.id, referenceDay(year, tree.unit(answering)));
  }

  private accountableWithin(tree: UnitTree): Set<number> {
    return getOrMake(this.accountable, tree, () => tree.accountableWithin(this.root!.id));
  }

  /** The records within the subtree, each judged on its unit and year (or at any time, without a year). */
  async shown<Row>(rows: Row[], judgedBy: (row: Row) => { unitId: number; year?: number }): Promise<Row[]> {
    if (!this.root) return rows;
    const tree = await this.tree();
    return rows.filter((row) => {
      const { unitId, year } = judgedBy(row);
      return this.coversOn(tree, unitId, year);
    });
  }

  /** Whether the unit with this code was ever within the subtree; false for an unknown code. */
  async coversCode(code: string): Promise<boolean> {
    const tree = await this.tree();
    const unit = tree.byCode(code);
    return unit !== undefined && this.coversOn(tree, unit.id);
  }

  /**
   * Refuses (FORBIDDEN) a unit that never lay within the subtree: an account belongs to its unit itself, not
   * to the records a unit answers for (a province merged into another does not give its administrators the
   * other's accounts).
   */
  async requireUnit(unitId: number): Promise<void> {
    if (await this.holdsUnit(unitId)) return;
    const tree = await this.tree();
    throw this.refusal(tree.has(unitId) ? tree.unit(unitId) : undefined);
  }

  /** Whether the unit itself lay within the subtree on some day (requireUnit's rule). */
  async holdsUnit(unitId: number): Promise<boolean> {
    if (!this.root) return true;
    const tree = await this.tree();
    return tree.has(unitId) && tree.isWithin(unitId, this.root.id);
  }

  /** Refuses, with FORBIDDEN and both units named, what lies outside the subtree. */
  async require(unitId: number, year?: number): Promise<void> {
    const tree = await this.tree();
    if (!this.coversOn(tree, unitId, year)) throw this.refusal(tree.has(unitId) ? tree.unit(unitId) : undefined, year);
  }

  /** The refusal of a unit outside the subtree (in a year), naming both. */
  refusal(unit: { code: string; name: string } | undefined, year?: number): ForbiddenError {
    const root = `${this.root!.name} (${this.root!.code})`;
    const named = unit ? `${unit.name} (${unit.code})` : undefined;
    return new ForbiddenError(
      `${named ?? 'A unit the area cannot be judged for'} is outside your area${year === undefined ? '' : ` in ${year}`}: your account covers ${root} and the units under it.`,
      `${named ?? 'Đơn vị không xác định được địa bàn'} nằm ngoài địa bàn của bạn${year === undefined ? '' : ` trong năm ${year}`}: tài khoản của bạn phụ trách ${root} và các đơn vị trực thuộc.`,
    );
  }
}
