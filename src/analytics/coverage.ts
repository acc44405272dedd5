// Coverage of an indicator: facts from SQL, rolled up on the unit tree as it stood in the year.
//
// Every definition reduces to a numerator and a denominator per accountable unit (the unit that answers on
// the reference day for a record, after mergers). A coverage is the sum over a set of units: a subtree, a
// child's subtree, the units of one kind. Sums of per-unit tallies are what make breakdowns add up to
// their parent and keep every ratio between 0 and 1.
import { fieldInUse } from '../fields.ts';
import type { UnitKind } from '../generated/sqlite/client.ts';
import { countedThings, type Definition } from '../indicators/definition.ts';
import { matchesFilter, meetsCondition } from '../indicators/model-predicates.ts';
import { referenceDay } from '../units/tree.ts';
import type { Facts } from './facts.ts';
import type { TreeUnit } from './unit-tree.ts';

export interface Tally {
  numerator: number;
  denominator: number;
}

/** What a coverage is restricted to, beside its unit and year. */
export interface Restriction {
  /** Only models of this field (for definitions that count models). */
  fieldId?: number;
  /** Only units of this kind. */
  kind?: UnitKind;
  /** Only the unit itself, not the units below it (its own row in a breakdown by child units). */
  selfOnly?: boolean;
}

export interface CoverageNumbers extends Tally {
  /** The day the tree is read on. */
  day: Date;
  /** Units of the denominator not in the numerator, by code (definitions that count units). */
  missingUnits: TreeUnit[];
  /** The units whose own records make up the coverage, for listing missing models. */
  ownerIds: number[];
}

type PerUnit = Map<number, Tally & { owners: Set<number> }>;

const memo = new WeakMap<Facts, Map<string, Promise<PerUnit>>>();

/** Numerator and denominator per accountable unit on `day`, for the root's subtree: computed once per request. */
function perUnitTallies(facts: Facts, definition: Definition, year: number, day: Date, fieldId: number | undefined, root: number): Promise<PerUnit> {
  const cache = memo.get(facts) ?? new Map<string, Promise<PerUnit>>();
  memo.set(facts, cache);
  const key = JSON.stringify([definition, year, day, fieldId, root]);
  let tallies = cache.get(key);
  if (!tallies) {
    tallies = computePerUnit(facts, definition, year, day, fieldId, root);
    cache.set(key, tallies);
  }
  return tallies;
}

async function computePerUnit(facts: Facts, definition: Definition, year: number, day: Date, fieldId: number | undefined, root: number): Promise<PerUnit> {
  const tree = await facts.tree();
  const perUnit: PerUnit = new Map();
  const tallyOf = (unitId: number) => {
    let tally = perUnit.get(unitId);
    if (!tally) perUnit.set(unitId, (tally = { numerator: 0, denominator: 0, owners: new Set() }));
    return tally;
  };
  /** Adds a record of `ownerId` to the unit accountable for it on the day; answers that unit. */
  const credit = (ownerId: number, numerator: number, denominator: number) => {
    const unitId = tree.accountableOn(ownerId, day);
    if (unitId === null) return;
    const tally = tallyOf(unitId);
    tally.numerator += numerator;
    tally.denominator += denominator;
    tally.owners.add(ownerId);
  };
  const population = (kinds: UnitKind[]) => tree.subtree(root, day).filter((unit) => kinds.includes(unit.kind));
  const fieldCodes = new Map((await facts.fields()).map((field) => [field.id, field.code]));

  switch (definition.measure) {
    case 'UNITS_WITH_MODELS': {
      const modelsByUnit = new Map<number, Map<number, number>>();
      for (const row of await facts.models(year, root)) {
        if ((fieldId !== undefined && row.fieldId !== fieldId) || !matchesFilter(row, definition.models, fieldCodes)) continue;
        const unitId = tree.accountableOn(row.ownerId, day);
        if (unitId === null) continue;
        const byField = modelsByUnit.get(unitId) ?? new Map<number, number>();
        byField.set(row.fieldId, (byField.get(row.fieldId) ?? 0) + row.models);
        modelsByUnit.set(unitId, byField);
        tallyOf(unitId).owners.add(row.ownerId);
      }
      const requiredFields =
        fieldId !== undefined ? [fieldId] : definition.inEveryField ? (await fieldsValidIn(facts, year)) : undefined;
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
      for (const row of await facts.models(year, root)) {
        if ((fieldId !== undefined && row.fieldId !== fieldId) || !matchesFilter(row, definition.models, fieldCodes)) continue;
        credit(row.ownerId, meetsCondition(row, definition.condition) ? row.models : 0, row.models);
      }
      break;
    case 'UNITS_WITH_PLAN': {
      const planned = new Set<number>();
      for (const row of await facts.plans(year, root)) {
        const unitId = tree.accountableOn(row.ownerId, day);
        if (unitId !== null) planned.add(unitId);
      }
      for (const unit of population(definition.unitKinds)) Object.assign(tallyOf(unit.id), { denominator: 1, numerator: planned.has(unit.id) ? 1 : 0 });
      break;
    }
    case 'SATISFIED_RESPONDENTS':
      for (const row of await facts.surveys(year, root)) credit(row.ownerId, row.satisfied, row.respondents);
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

async function fieldsValidIn(facts: Facts, year: number): Promise<number[]> {
  return (await facts.fields()).filter((field) => fieldInUse(field, year)).map((field) => field.id);
}

/**
 * The numbers of one coverage: an indicator's definition, for a unit, a year and a restriction. `root` is
 * the unit the coverage was first asked for (the unit itself, or the parent of a breakdown): every
 * coverage of one request under one root shares its facts.
 */
export async function coverageNumbers(
  facts: Facts,
  definition: Definition,
  unitId: number,
  year: number,
  restriction: Restriction = {},
  root = unitId,
): Promise<CoverageNumbers> {
  const tree = await facts.tree();
  const day = referenceDay(year, tree.unit(unitId));
  const perUnit = await perUnitTallies(facts, definition, year, day, restriction.fieldId, root);
  const members = (restriction.selfOnly ? tree.subtree(unitId, day).slice(0, 1) : tree.subtree(unitId, day)).filter(
    (unit) => !restriction.kind || unit.kind === restriction.kind,
  );
  const numbers: CoverageNumbers = { numerator: 0, denominator: 0, day, missingUnits: [], ownerIds: [] };
  const countsUnits = countedThings(definition) === 'UNITS';
  for (const unit of members) {
    const tally = perUnit.get(unit.id);
    if (!tally) continue;
    numbers.numerator += tally.numerator;
    numbers.denominator += tally.denominator;
    numbers.ownerIds.push(...tally.owners);
    if (countsUnits && tally.numerator < tally.denominator) numbers.missingUnits.push(unit);
  }
  numbers.missingUnits.sort((a, b) => a.code.localeCompare(b.code));
  return numbers;
}
