// Computing tallies from the facts: each unit's own numerator and denominator, by the indicator's
// measure (src/indicators/measures/), and the kept rows of a slice, added up from those and from the rows
// of the units below.
import { type Definition, measureOf } from '../../indicators/definition.ts';
import type { Facts, Owners } from '../facts.ts';
import type { TreeUnit, UnitTree } from '../../units/unit-tree.ts';
import type { KeptTally, Slice } from './rows.ts';

export interface Tally {
  numerator: number;
  denominator: number;
  /**
   * The year's records the counting rests on: evaluations of the models counted, plans, survey results or
   * new-rural statuses of the units counted. None means the year is not reported (yet), not a ratio of 0.
   */
  records: number;
}

/**
 * Numerators and denominators by unit id. Arrays rather than a tally object per unit: a whole country's
 * first read computes 80 slices of 76,000 units.
 */
export interface PerUnit {
  numerators: Float64Array;
  denominators: Float64Array;
  records: Float64Array;
}

/**
 * The own numerator and denominator of each unit on `day`, from the records of the units accountable to
 * it (itself and the units merged into it): what `computeRows` adds up. A unit that does not exist on the
 * day counts nothing.
 */
async function selfTallies(facts: Facts, definition: Definition, year: number, day: Date, fieldId: number | undefined, units: TreeUnit[]): Promise<PerUnit> {
  const tree = await facts.tree();
  const present = units.filter((unit) => tree.existsOn(unit.id, day));
  // The owners are the units and those merged into them: for more units than are looked up by owner,
  // every owner's facts are read whatever the set, which is then not worked out (a country's 76,000, 80
  // times in a first read). Named by the set alone, not its day: the days of a slice computed together
  // (a write's chain of units over ten years) usually name the same owners, and share one read of their
  // facts for every year.
  const owners = facts.looksUp(present.length)
    ? [
        ...tree.accountableTo(
          present.map((unit) => unit.id),
          day,
        ),
      ].sort((a, b) => a - b)
    : undefined;
  return computePerUnit(facts, definition, year, day, fieldId, present, { ids: owners });
}

/**
 * Per accountable unit on the day: `units` make up the populations (the units counted by definitions that
 * count units), `owners` the units whose records are read. Records of owners accountable to a unit outside
 * `units` are tallied too, and ignored by the callers.
 */
async function computePerUnit(
  facts: Facts,
  definition: Definition,
  year: number,
  day: Date,
  fieldId: number | undefined,
  units: TreeUnit[],
  owners: Owners,
): Promise<PerUnit> {
  const tree = await facts.tree();
  const numerators = new Float64Array(tree.largestId + 1);
  const denominators = new Float64Array(tree.largestId + 1);
  const records = new Float64Array(tree.largestId + 1);
  const accountable = (ownerId: number) => tree.accountableOn(ownerId, day) ?? -1;
  await measureOf(definition).tally(definition, {
    facts,
    year,
    fieldId,
    owners,
    numerators,
    denominators,
    records,
    accountable,
    countUnits(kinds, covered, recorded) {
      for (const unit of units) {
        if (!kinds.includes(unit.kind)) continue;
        denominators[unit.id] = 1;
        numerators[unit.id] = covered(unit.id) ? 1 : 0;
        records[unit.id] = recorded[unit.id] ?? 0;
      }
    },
    recordsOf(rows) {
      const recorded = new Int32Array(records.length);
      for (const row of rows) {
        const unitId = accountable(row.ownerId);
        if (unitId >= 0) recorded[unitId]!++;
      }
      return recorded;
    },
  });
  return { numerators, denominators, records };
}

/** Numerator and denominator per accountable unit of the root's subtree, as entries a thread can pass on. */
export async function subtreeTallies(
  facts: Facts,
  { definition, year, day, fieldId, root }: { definition: Definition; year: number; day: Date; fieldId: number | undefined; root: number },
): Promise<[unitId: number, numerator: number, denominator: number, records: number][]> {
  const tree = await facts.tree();
  const units = tree.subtree(root, day);
  // As in selfTallies: the owners (at least the units) are worked out only if they are looked up.
  const { numerators, denominators, records } = await computePerUnit(facts, definition, year, day, fieldId, units, {
    key: `within:${root}`,
    ids: facts.looksUp(units.length) ? [...tree.accountableWithin(root)] : undefined,
  });
  return units
    .filter((unit) => numerators[unit.id] || denominators[unit.id] || records[unit.id])
    .map((unit) => [unit.id, numerators[unit.id]!, denominators[unit.id]!, records[unit.id]!]);
}

/** The rows of the units a slice computes, from their own facts and the rows of their children. */
export async function computeRows(facts: Facts, tree: UnitTree, slice: Slice): Promise<KeptTally[]> {
  const { key } = slice;
  const own = await selfTallies(facts, key.indicator.parsed, key.year, key.day, key.fieldId || undefined, slice.computing);
  const rows: KeptTally[] = [];
  // Bottom-up: a unit's children were found after it, so they are added up before it.
  for (let index = slice.computing.length - 1; index >= 0; index--) {
    const unit = slice.computing[index]!;
    const selfNumerator = own.numerators[unit.id]!;
    const selfDenominator = own.denominators[unit.id]!;
    const selfRecords = own.records[unit.id]!;
    const row: KeptTally = {
      unitId: unit.id,
      selfNumerator,
      selfDenominator,
      selfRecords,
      numerator: selfNumerator,
      denominator: selfDenominator,
      records: selfRecords,
    };
    // A child the walk left out counts nothing (read.ts, `mayCount`).
    for (const child of tree.children(unit.id, key.day)) {
      const below = slice.rows.get(child.id);
      if (!below) continue;
      row.numerator += below.numerator;
      row.denominator += below.denominator;
      row.records += below.records;
    }
    slice.rows.set(unit.id, row);
    rows.push(row);
  }
  return rows;
}
