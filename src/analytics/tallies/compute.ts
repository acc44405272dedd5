// Computing tallies from the facts: each unit's own numerator and denominator, by the indicator's
// definition, and the kept rows of a slice, added up from those and from the rows of the units below.
import { fieldInUse } from '../../entry/rules.ts';
import type { UnitKind } from '../../generated/sqlite/client.ts';
import type { Definition } from '../../indicators/definition.ts';
import { matchesFilter, meetsCondition } from '../../indicators/model-predicates.ts';
import type { Facts, Owners } from '../facts.ts';
import type { TreeUnit, UnitTree } from '../../units/unit-tree.ts';
import type { KeptTally, Slice } from './rows.ts';
import { getOrMake } from '../../lib/maps.ts';

export interface Tally {
  numerator: number;
  denominator: number;
}

export type PerUnit = Map<number, Tally>;

/**
 * The own numerator and denominator of each unit on `day`, from the records of the units accountable to
 * it (itself and the units merged into it): what `computeRows` adds up.
 */
async function selfTallies(facts: Facts, definition: Definition, year: number, day: Date, fieldId: number | undefined, units: TreeUnit[]): Promise<PerUnit> {
  const tree = await facts.tree();
  const present = units.filter((unit) => tree.existsOn(unit.id, day));
  // Keyed by the set alone, not its day: the days of a slice computed together (a write's chain of units
  // over ten years) usually name the same owners, and then share one read of their facts for every year.
  const owners = [
    ...tree.accountableTo(
      present.map((unit) => unit.id),
      day,
    ),
  ].sort((a, b) => a - b);
  const perUnit = await computePerUnit(facts, definition, year, day, fieldId, present, { key: `own:${owners.join(',')}`, ids: owners });
  const asked = new Set(present.map((unit) => unit.id));
  return new Map([...perUnit].filter(([unitId]) => asked.has(unitId)));
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
  const perUnit: PerUnit = new Map();
  const tallyOf = (unitId: number) => getOrMake(perUnit, unitId, () => ({ numerator: 0, denominator: 0 }));
  /** Adds a record of `ownerId` to the unit accountable for it on the day. */
  const credit = (ownerId: number, numerator: number, denominator: number) => {
    const unitId = tree.accountableOn(ownerId, day);
    if (unitId === null) return;
    const tally = tallyOf(unitId);
    tally.numerator += numerator;
    tally.denominator += denominator;
  };
  const population = (kinds: UnitKind[]) => units.filter((unit) => kinds.includes(unit.kind));
  const fieldCodes = new Map((await facts.fields()).map((field) => [field.id, field.code]));

  switch (definition.measure) {
    case 'UNITS_WITH_MODELS': {
      const modelsByUnit = new Map<number, Map<number, number>>();
      for (const row of await facts.models(year, owners)) {
        if ((fieldId !== undefined && row.fieldId !== fieldId) || !matchesFilter(row, definition.models, fieldCodes)) continue;
        const unitId = tree.accountableOn(row.ownerId, day);
        if (unitId === null) continue;
        const byField = modelsByUnit.get(unitId) ?? new Map<number, number>();
        byField.set(row.fieldId, (byField.get(row.fieldId) ?? 0) + row.models);
        modelsByUnit.set(unitId, byField);
      }
      const requiredFields = fieldId !== undefined ? [fieldId] : definition.inEveryField ? await fieldsValidIn(facts, year) : undefined;
      for (const unit of population(definition.unitKinds)) {
        const byField = modelsByUnit.get(unit.id) ?? new Map<number, number>();
        const covered = requiredFields
          ? requiredFields.length > 0 && requiredFields.every((id) => (byField.get(id) ?? 0) >= definition.minModels)
          : [...byField.values()].reduce((sum, count) => sum + count, 0) >= definition.minModels;
        const tally = tallyOf(unit.id);
        tally.denominator = 1;
        tally.numerator = covered ? 1 : 0;
      }
      break;
    }
    case 'MODELS_MEETING':
      for (const row of await facts.models(year, owners)) {
        if ((fieldId !== undefined && row.fieldId !== fieldId) || !matchesFilter(row, definition.models, fieldCodes)) continue;
        credit(row.ownerId, meetsCondition(row, definition.condition) ? row.models : 0, row.models);
      }
      break;
    case 'UNITS_WITH_PLAN': {
      const planned = new Set<number>();
      for (const row of await facts.plans(year, owners)) {
        const unitId = tree.accountableOn(row.ownerId, day);
        if (unitId !== null) planned.add(unitId);
      }
      for (const unit of population(definition.unitKinds)) Object.assign(tallyOf(unit.id), { denominator: 1, numerator: planned.has(unit.id) ? 1 : 0 });
      break;
    }
    case 'SATISFIED_RESPONDENTS':
      for (const row of await facts.surveys(year, owners)) credit(row.ownerId, row.satisfied, row.respondents);
      break;
    case 'NEW_RURAL_RECOGNISED': {
      // Recognition is the commune's own: a merged commune does not pass it to its successor.
      const yearEnd = new Date(Date.UTC(year, 11, 31));
      const recognised = new Set((await facts.recognitions()).filter((row) => row.recognisedOn <= yearEnd).map((row) => row.ownerId));
      for (const unit of population(definition.unitKinds)) Object.assign(tallyOf(unit.id), { denominator: 1, numerator: recognised.has(unit.id) ? 1 : 0 });
      break;
    }
  }
  return perUnit;
}

/** Numerator and denominator per accountable unit of the root's subtree, as entries a thread can pass on. */
export async function subtreeTallies(
  facts: Facts,
  { definition, year, day, fieldId, root }: { definition: Definition; year: number; day: Date; fieldId: number | undefined; root: number },
): Promise<[unitId: number, numerator: number, denominator: number][]> {
  const tree = await facts.tree();
  const perUnit = await computePerUnit(facts, definition, year, day, fieldId, tree.subtree(root, day), {
    key: `within:${root}`,
    ids: [...tree.accountableWithin(root)],
  });
  return [...perUnit].map(([unitId, tally]) => [unitId, tally.numerator, tally.denominator]);
}

async function fieldsValidIn(facts: Facts, year: number): Promise<number[]> {
  return (await facts.fields()).filter((field) => fieldInUse(field, year)).map((field) => field.id);
}

/** The rows of the units a slice computes, from their own facts and the rows of their children. */
export async function computeRows(facts: Facts, tree: UnitTree, slice: Slice): Promise<KeptTally[]> {
  const { key } = slice;
  const own = await selfTallies(facts, key.indicator.parsed, key.year, key.day, key.fieldId || undefined, slice.computing);
  const rows: KeptTally[] = [];
  // Bottom-up: a unit's children were found after it, so they are added up before it.
  for (const unit of [...slice.computing].reverse()) {
    const self = own.get(unit.id) ?? { numerator: 0, denominator: 0 };
    const row: KeptTally = { unitId: unit.id, selfNumerator: self.numerator, selfDenominator: self.denominator, ...self };
    // A child the walk left out counts nothing (read.ts, `mayCount`).
    for (const child of tree.children(unit.id, key.day)) {
      const below = slice.rows.get(child.id);
      row.numerator += below?.numerator ?? 0;
      row.denominator += below?.denominator ?? 0;
    }
    slice.rows.set(unit.id, row);
    rows.push(row);
  }
  return rows;
}
