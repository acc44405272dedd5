// Coverage of an indicator: facts from SQL, rolled up on the unit tree as it stood in the year.
//
// Every definition reduces to a numerator and a denominator per accountable unit (the unit that answers on
// the reference day for a record, after mergers). A coverage is the sum over a set of units: a subtree, a
// child's subtree, the units of one kind. Sums of per-unit tallies are what make breakdowns add up to
// their parent and keep every ratio between 0 and 1.
import { fieldInUse } from '../fields.ts';
import type { UnitKind } from '../generated/sqlite/client.ts';
import type { Definition } from '../indicators/definition.ts';
import { matchesFilter, meetsCondition } from '../indicators/model-predicates.ts';
import { referenceDay } from '../units/tree.ts';
import type { Facts, Owners } from './facts.ts';
import { dayNumber, keptTally, missingRows, type MissingRow } from './tallies.ts';
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
  /**
   * The members whose own numbers fall short, by code, with how much each misses, until `need` are
   * missing in all: the missing units, or the units that answer for the missing models.
   */
  missingRows(need: number): Promise<MissingRow[]>;
}

type PerUnit = Map<number, Tally>;

const memo = new WeakMap<Facts, Map<string, Promise<PerUnit>>>();

/** Numerator and denominator per accountable unit on `day`, for the root's subtree: computed once per request. */
function perUnitTallies(facts: Facts, definition: Definition, year: number, day: Date, fieldId: number | undefined, root: number): Promise<PerUnit> {
  const cache = memo.get(facts) ?? new Map<string, Promise<PerUnit>>();
  memo.set(facts, cache);
  const key = JSON.stringify([definition, year, day, fieldId, root]);
  let tallies = cache.get(key);
  if (!tallies) {
    tallies = facts.tree().then((tree) =>
      computePerUnit(facts, definition, year, day, fieldId, tree.subtree(root, day), { key: `within:${root}`, ids: [...tree.accountableWithin(root)] }),
    );
    cache.set(key, tallies);
  }
  return tallies;
}

/**
 * The own numerator and denominator of each unit, on `day`: from the records of the units accountable to
 * it (itself and the units merged into it). For the kept tallies (./tallies.ts).
 */
export async function selfTallies(facts: Facts, definition: Definition, year: number, day: Date, fieldId: number | undefined, units: TreeUnit[]): Promise<PerUnit> {
  const tree = await facts.tree();
  const present = units.filter((unit) => tree.existsOn(unit.id, day));
  const owners = [...tree.accountableTo(present.map((unit) => unit.id), day)];
  const perUnit = await computePerUnit(facts, definition, year, day, fieldId, present, { key: `own:${dayNumber(day)}:${owners.join(',')}`, ids: owners });
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
  const tallyOf = (unitId: number) => {
    let tally = perUnit.get(unitId);
    if (!tally) perUnit.set(unitId, (tally = { numerator: 0, denominator: 0 }));
    return tally;
  };
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

async function fieldsValidIn(facts: Facts, year: number): Promise<number[]> {
  return (await facts.fields()).filter((field) => fieldInUse(field, year)).map((field) => field.id);
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
  const day = referenceDay(year, tree.unit(unitId));
  const fromRecords = () => recordNumbers(facts, indicator.parsed, unitId, year, day, restriction, root);
  if (restriction.kind) return fromRecords();
  const key = { indicator, fieldId: restriction.fieldId ?? 0, unitId, day, year, selfOnly: restriction.selfOnly === true };
  const kept = await keptTally(facts, key);
  return {
    numerator: key.selfOnly ? kept.selfNumerator : kept.numerator,
    denominator: key.selfOnly ? kept.selfDenominator : kept.denominator,
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
  const numbers = { numerator: 0, denominator: 0 };
  const missing: (MissingRow & { code: string })[] = [];
  for (const unit of members) {
    const tally = perUnit.get(unit.id);
    if (!tally) continue;
    numbers.numerator += tally.numerator;
    numbers.denominator += tally.denominator;
    if (tally.numerator < tally.denominator) missing.push({ unitId: unit.id, code: unit.code, missing: tally.denominator - tally.numerator });
  }
  // In the order of the kept tallies' rows: by code, as SQL compares text.
  missing.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.unitId - b.unitId));
  return { ...numbers, day, missingRows: async () => missing };
}
