// Coverage of an indicator: facts from SQL, rolled up on the unit tree as it stood in the year.
//
// Every definition reduces to a numerator and a denominator per accountable unit (the unit that answers on
// the reference day for a record, after mergers). A coverage is the sum over a set of units: a subtree, a
// child's subtree, the units of one kind. Sums of per-unit tallies are what make breakdowns add up to
// their parent and keep every ratio between 0 and 1. The per-unit tallies are counted in ./tallies/compute.ts,
// for the kept rows and for the coverages computed from the records here alike.
import type { UnitKind } from '../generated/sqlite/client.ts';
import type { Definition } from '../indicators/definition.ts';
import { referenceDay } from '../units/tree.ts';
import type { Facts } from './facts.ts';
import { onAnalyticsThread } from './thread.ts';
import { keptTally, missingRows, subtreeTallies, type MissingRow, type Tally } from './tallies.ts';

/** What a coverage is restricted to, beside its unit and year. */
export interface Restriction {
  /** Only models of this field (for definitions that count models). */
  fieldId?: number;
  /** Only units of this kind. */
  kind?: UnitKind;
  /** Only the unit itself, not the units below it (its own row in a breakdown by child units). */
  selfOnly?: boolean;
  /**
   * The unit whose reference day in the year the numbers are read on, when it is not the unit's own: a
   * breakdown's parent. A child that outlives its parent (a commune moved on when its district ended in
   * June) would otherwise be read on its own later day, counting the records of a commune merged into it
   * meanwhile, which the parent counts under that commune: a model counted twice, groups that add up to
   * more than their parent.
   */
  dayOf?: number;
}

export interface CoverageNumbers extends Tally {
  /** The day the tree is read on. */
  day: Date;
  /**
   * The members whose own numbers fall short, by code, with how much each misses, until `need` are
   * missing in all: the missing units, or the units that answer for the missing models.
   */
  missingRows(need: number): Promise<MissingRow[]>;
}

const memo = new WeakMap<Facts, Map<string, Promise<Map<number, Tally>>>>();

/** Numerator and denominator per accountable unit on `day`, for the root's subtree: computed once per request. */
function perUnitTallies(facts: Facts, definition: Definition, year: number, day: Date, fieldId: number | undefined, root: number): Promise<Map<number, Tally>> {
  const cache = memo.get(facts) ?? new Map<string, Promise<Map<number, Tally>>>();
  memo.set(facts, cache);
  const key = JSON.stringify([definition, year, day, fieldId, root]);
  let tallies = cache.get(key);
  if (!tallies) {
    tallies = facts
      .tree()
      .then((tree) => {
        const task = { kind: 'perUnit' as const, definition, year, day, fieldId, root, treeVersion: tree.version };
        return onAnalyticsThread(facts.db, task, () => subtreeTallies(facts, task));
      })
      .then((rows) => new Map(rows.map(([unitId, numerator, denominator, records]) => [unitId, { numerator, denominator, records }])));
    cache.set(key, tallies);
  }
  return tallies;
}

/**
 * The numbers of one coverage: an indicator's definition, for a unit, a year and a restriction. Read from
 * the kept tallies (./tallies.ts), except a restriction to a kind of unit, which is computed from the
 * records, as is a missing list that writes kept overtaking.
 */
export async function coverageNumbers(
  facts: Facts,
  indicator: { id: number; parsed: Definition },
  unitId: number,
  year: number,
  restriction: Restriction = {},
  root = unitId,
): Promise<CoverageNumbers> {
  const tree = await facts.tree();
  const day = referenceDay(year, tree.unit(restriction.dayOf ?? unitId));
  const fromRecords = () => recordNumbers(facts, indicator.parsed, unitId, year, day, restriction, root);
  if (restriction.kind) return fromRecords();
  const key = { indicator, fieldId: restriction.fieldId ?? 0, unitId, day, year, selfOnly: restriction.selfOnly === true };
  const kept = await keptTally(facts, key);
  return {
    numerator: key.selfOnly ? kept.selfNumerator : kept.numerator,
    denominator: key.selfOnly ? kept.selfDenominator : kept.denominator,
    records: key.selfOnly ? kept.selfRecords : kept.records,
    day,
    missingRows: async (need) => (await missingRows(facts, key, need)) ?? (await fromRecords()).missingRows(need),
  };
}

/**
 * A coverage computed from the records: `root` is the unit it was first asked for (the unit itself, or
 * the parent of a breakdown), and every such coverage of one request under one root shares its facts.
 */
async function recordNumbers(
  facts: Facts,
  definition: Definition,
  unitId: number,
  year: number,
  day: Date,
  restriction: Restriction,
  root: number,
): Promise<CoverageNumbers> {
  const tree = await facts.tree();
  const perUnit = await perUnitTallies(facts, definition, year, day, restriction.fieldId, root);
  const members = (restriction.selfOnly ? tree.subtree(unitId, day).slice(0, 1) : tree.subtree(unitId, day)).filter(
    (unit) => !restriction.kind || unit.kind === restriction.kind,
  );
  const numbers = { numerator: 0, denominator: 0, records: 0 };
  const missing: (MissingRow & { code: string })[] = [];
  for (const unit of members) {
    const tally = perUnit.get(unit.id);
    if (!tally) continue;
    numbers.numerator += tally.numerator;
    numbers.denominator += tally.denominator;
    numbers.records += tally.records;
    if (tally.numerator < tally.denominator) missing.push({ unitId: unit.id, code: unit.code, missing: tally.denominator - tally.numerator });
  }
  // In the order of the kept tallies' rows: by code, as SQL compares text.
  missing.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.unitId - b.unitId));
  return { ...numbers, day, missingRows: async () => missing };
}
