// UNITS_WITH_MODELS: the share of units of some kinds with at least `minModels` models matching a filter
// in the year ("communes with at least one effective model in new rural construction").
import { z } from 'zod';
import { fieldInUse } from '../../entry/rules.ts';
import { modelFilter, population } from '../model-filter.ts';
import { reviewed, TRAITS } from '../model-predicates.ts';
import { models, unitKinds } from '../phrases.ts';
import type { Measure } from './measure.ts';
import { weightsOf } from './model-weights.ts';

const schema = z
  .object({
    measure: z.literal('UNITS_WITH_MODELS'),
    unitKinds: population,
    models: modelFilter.default({}),
    minModels: z.number().int().min(1).default(1),
    /** Require the models in every field valid that year (then `minModels` applies per field). */
    inEveryField: z.boolean().default(false),
  })
  .strict();

export const unitsWithModels: Measure<typeof schema> = {
  schema,
  counts: 'UNITS',
  fieldsCounted: (definition) => definition.models.fields,
  describe(definition, fieldNames) {
    const counted = unitKinds(definition.unitKinds);
    const wanted = models(definition.models, fieldNames, definition.minModels);
    return definition.inEveryField
      ? {
          vi: `Tỷ lệ ${counted.vi} có ít nhất ${wanted.vi} đang thực hiện ở mỗi lĩnh vực của năm`,
          en: `Share of ${counted.en} with at least ${wanted.en} active in every field of the year`,
        }
      : { vi: `Tỷ lệ ${counted.vi} có ít nhất ${wanted.vi} trong năm`, en: `Share of ${counted.en} with at least ${wanted.en} in the year` };
  },
  async tally(definition, { facts, year, fieldId, owners, numerators, accountable, countUnits }) {
    const found = await facts.models(year, owners);
    const weights = await weightsOf(facts, found.fieldIds, definition.models, fieldId);
    // The year's records: with ratings asked, the evaluations of the models of the fields and kinds asked,
    // whatever their rating; without, those models themselves (registered, active in the year).
    const { ratings, ...scope } = definition.models;
    const inScope = ratings ? await weightsOf(facts, found.fieldIds, scope, fieldId) : weights;
    const recorded = (combo: number) => inScope[combo]! > 0 && (!ratings || reviewed(combo));
    // Models per unit, and per field when each field needs its own (the coverage's field, or every field in use).
    const required =
      fieldId !== undefined
        ? [fieldId]
        : definition.inEveryField
          ? (await facts.fields()).filter((field) => fieldInUse(field, year)).map((field) => field.id)
          : undefined;
    const slots = found.fieldIds.map((id) => (required ? required.indexOf(id) : 0));
    const width = required?.length ?? 1;
    const counts = new Int32Array(numerators.length * width);
    const modelRecords = new Int32Array(numerators.length);
    for (let index = 0; index < found.length; index++) {
      const combo = found.combos[index]!;
      const counted = weights[combo]! > 0;
      const record = recorded(combo);
      if (!counted && !record) continue;
      const unitId = accountable(found.owners[index]!);
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
  },
};
