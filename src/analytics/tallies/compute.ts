// Computing tallies from the facts: each unit's own numerator and denominator, by the indicator's
// definition, and the kept rows of a slice, added up from those and from the rows of the units below.
import { fieldInUse } from '../../entry/rules.ts';
import type { UnitKind } from '../../generated/sqlite/client.ts';
import type { Definition, ModelCondition } from '../../indicators/definition.ts';
import { MEETS, modelWeights, TRAITS } from '../../indicators/model-predicates.ts';
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
  /** The unit accountable on the day for records of the owner; -1 for none. */
  const accountable = (ownerId: number) => tree.accountableOn(ownerId, day) ?? -1;
  const population = (kinds: UnitKind[]) => units.filter((unit) => kinds.includes(unit.kind));
  /**
   * The units of the population: 1 each in the denominator, and in the numerator those covered; their
   * records of the year (`recorded`, by accountable unit), the records of other units not being counted.
   */
  const countUnits = (kinds: UnitKind[], covered: (unitId: number) => boolean, recorded: ArrayLike<number>) => {
    for (const unit of population(kinds)) {
      denominators[unit.id] = 1;
      numerators[unit.id] = covered(unit.id) ? 1 : 0;
      records[unit.id] = recorded[unit.id] ?? 0;
    }
  };
  /** Records of the year by accountable unit, from rows of owners. */
  const recordsOf = (rows: { ownerId: number }[]) => {
    const recorded = new Int32Array(records.length);
    for (const row of rows) {
      const unitId = accountable(row.ownerId);
      if (unitId >= 0) recorded[unitId]!++;
    }
    return recorded;
  };

  switch (definition.measure) {
    case 'UNITS_WITH_MODELS': {
      const models = await facts.models(year, owners);
      const weights = await weightsOf(facts, models.fieldIds, definition, fieldId);
      // The year's records: with ratings asked, the evaluations of the models of the fields and kinds asked,
      // whatever their rating; without, those models themselves (registered, active in the year).
      const { ratings, ...scope } = definition.models;
      const inScope = ratings ? await weightsOf(facts, models.fieldIds, { ...definition, models: scope }, fieldId) : weights;
      const recorded = (combo: number) => inScope[combo]! > 0 && (!ratings || reviewed(combo));
      // Models per unit, and per field when each field needs its own (the coverage's field, or every field in use).
      const required = fieldId !== undefined ? [fieldId] : definition.inEveryField ? await fieldsValidIn(facts, year) : undefined;
      const slots = models.fieldIds.map((id) => (required ? required.indexOf(id) : 0));
      const width = required?.length ?? 1;
      const counts = new Int32Array(numerators.length * width);
      const modelRecords = new Int32Array(numerators.length);
      for (let index = 0; index < models.length; index++) {
        const combo = models.combos[index]!;
        const counted = weights[combo]! > 0;
        const record = recorded(combo);
        if (!counted && !record) continue;
        const unitId = accountable(models.owners[index]!);
        if (unitId < 0) continue;
        if (record) modelRecords[unitId]!++;
        const slot = slots[Math.floor(combo / TRAITS)]!;
        if (counted && slot >= 0) counts[unitId * width + slot]!++;
      }
      countUnits(
        definition.unitKinds,
        (unitId) => {
          if (required && !required.length) return false;
          for (let slot = 0; slot < width; slot++) if (counts[unitId * width + slot]! < definition.minModels) return false;
          return true;
        },
        modelRecords,
      );
      break;
    }
    case 'MODELS_MEETING': {
      const models = await facts.models(year, owners);
      const weights = await weightsOf(facts, models.fieldIds, definition, fieldId, definition.condition);
      for (let index = 0; index < models.length; index++) {
        const weight = weights[models.combos[index]!]!;
        if (!weight) continue;
        const unitId = accountable(models.owners[index]!);
        if (unitId < 0) continue;
        denominators[unitId]!++;
        if (weight & MEETS) numerators[unitId]!++;
        // Every condition reads the year's evaluation: the records are the models evaluated.
        if (reviewed(models.combos[index]!)) records[unitId]!++;
      }
      break;
    }
    case 'UNITS_WITH_PLAN': {
      const plans = recordsOf(await facts.plans(year, owners));
      countUnits(definition.unitKinds, (unitId) => plans[unitId]! > 0, plans);
      break;
    }
    case 'SATISFIED_RESPONDENTS':
      for (const row of await facts.surveys(year, owners)) {
        const unitId = accountable(row.ownerId);
        if (unitId < 0) continue;
        numerators[unitId]! += row.satisfied;
        denominators[unitId]! += row.respondents;
        records[unitId]!++;
      }
      break;
    case 'NEW_RURAL_RECOGNISED': {
      // Recognition is the commune's own: a merged commune does not pass it to its successor.
      const yearEnd = new Date(Date.UTC(year, 11, 31));
      const recognised = new Set((await facts.recognitions()).filter((row) => row.recognisedOn <= yearEnd).map((row) => row.ownerId));
      countUnits(definition.unitKinds, (unitId) => recognised.has(unitId), recordsOf(await facts.ruralStatuses(year, owners)));
      break;
    }
  }
  return { numerators, denominators, records };
}

/** Whether a model's traits of the year hold an evaluation (a rating: model-predicates.ts). */
const reviewed = (combo: number) => (combo & 3) !== 0;

/** The definition's weight of a model by its field and traits (`modelWeights`), for the fields of the facts. */
async function weightsOf(
  facts: Facts,
  fieldIds: number[],
  definition: Extract<Definition, { models: unknown }>,
  fieldId: number | undefined,
  condition?: ModelCondition,
): Promise<Uint8Array> {
  const codes = new Map((await facts.fields()).map((field) => [field.id, field.code]));
  return modelWeights(
    definition.models,
    condition,
    fieldIds.map((id) => codes.get(id) ?? ''),
    fieldId === undefined ? undefined : (codes.get(fieldId) ?? ''),
  );
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

async function fieldsValidIn(facts: Facts, year: number): Promise<number[]> {
  return (await facts.fields()).filter((field) => fieldInUse(field, year)).map((field) => field.id);
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
