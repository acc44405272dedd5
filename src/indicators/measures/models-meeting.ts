// MODELS_MEETING: the share of the models matching a filter, active in the year, that also meet a
// condition that year (evaluated, recommended for replication, or rated so).
import { z } from 'zod';
import { modelCondition, modelFilter } from '../model-filter.ts';
import { MEETS, reviewed } from '../model-predicates.ts';
import { condition, models } from '../phrases.ts';
import type { Measure } from './measure.ts';
import { weightsOf } from './model-weights.ts';

const schema = z
  .object({
    measure: z.literal('MODELS_MEETING'),
    models: modelFilter.default({}),
    condition: modelCondition,
  })
  .strict();

export const modelsMeeting: Measure<typeof schema> = {
  schema,
  counts: 'MODELS',
  fieldsCounted: (definition) => definition.models.fields,
  describe(definition, fieldNames) {
    const counted = models(definition.models, fieldNames);
    const meeting = condition(definition.condition);
    return {
      vi: `Tỷ lệ ${counted.vi.replace(/^1 /, '')} đang thực hiện trong năm ${meeting.vi}`,
      en: `Share of the ${counted.en.replace(/^1 /, '')}s active in the year that were ${meeting.en}`,
    };
  },
  modelsMissing: (definition) => ({ filter: definition.models, condition: definition.condition }),
  async tally(definition, { facts, year, fieldId, owners, numerators, denominators, records, accountable }) {
    const found = await facts.models(year, owners);
    const weights = await weightsOf(facts, found.fieldIds, definition.models, fieldId, definition.condition);
    for (let index = 0; index < found.length; index++) {
      const weight = weights[found.combos[index]!]!;
      if (!weight) continue;
      const unitId = accountable(found.owners[index]!);
      if (unitId < 0) continue;
      denominators[unitId]!++;
      if (weight & MEETS) numerators[unitId]!++;
      // Every condition reads the year's evaluation: the records are the models evaluated.
      if (reviewed(found.combos[index]!)) records[unitId]!++;
    }
  },
};
