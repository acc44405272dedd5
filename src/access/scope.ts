// The subtree a viewer reads and writes. "Within" is judged on the unit tree as it stood in the record's
// year (31 December, or the unit's last day if it ended that year), because units move: a commune that
// joined another district in 2020 counts for the old district's officer in 2019 and for the new one after.
// Questions without a year (a unit's list of models) ask whether the unit was within on some day, by parent
// links that all held that day (src/analytics/unit-tree.ts, isWithin).
import { referenceDay } from '../units/tree.ts';
import type { UnitTree } from '../analytics/unit-tree.ts';
import { ForbiddenError } from '../errors.ts';
import type { UnitRef, Viewer } from './viewer.ts';

export class Scope {
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

  /** Whether the unit is within the subtree in the year, or at some time when the year is omitted. */
  async covers(unitId: number, year?: number): Promise<boolean> {
    if (!this.root) return true;
    const tree = await this.tree();
    if (!tree.has(unitId)) return false;
    return tree.isWithin(unitId, this.root.id, year === undefined ? undefined : referenceDay(year, tree.unit(unitId)));
  }

  /** Whether the unit was in the tree when the request read it (false for one created since). */
  async knows(unitId: number): Promise<boolean> {
    return !this.root || (await this.tree()).has(unitId);
  }

  /** Whether a unit with this code exists (at any time). */
  async knowsCode(code: string): Promise<boolean> {
    return (await this.tree()).byCode(code) !== undefined;
  }

  /** Whether the unit with this code was ever within the subtree; false for an unknown code. */
  async coversCode(code: string): Promise<boolean> {
    const unit = (await this.tree()).byCode(code);
    return unit !== undefined && this.covers(unit.id);
  }

  /** Refuses, with FORBIDDEN and both units named, what lies outside the subtree. */
  async require(unitId: number, year?: number): Promise<void> {
    if (await this.covers(unitId, year)) return;
    const tree = await this.tree();
    const unit = tree.has(unitId) ? tree.unit(unitId) : { code: String(unitId), name: 'A unit created in this request' };
    const when = year === undefined ? '' : ` in ${year}`;
    throw new ForbiddenError(
      `${unit.name} (${unit.code}) is outside your area${when}: your account covers ${this.root!.name} (${this.root!.code}) and the units under it.`,
    );
  }
}
