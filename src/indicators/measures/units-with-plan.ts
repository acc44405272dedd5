// UNITS_WITH_PLAN: the share of units of some kinds with a plan for the movement for the year.
import { z } from 'zod';
import { population } from '../model-filter.ts';
import { unitKinds } from '../phrases.ts';
import type { Measure } from './measure.ts';

const schema = z.object({ measure: z.literal('UNITS_WITH_PLAN'), unitKinds: population }).strict();

export const unitsWithPlan: Measure<typeof schema> = {
  schema,
  counts: 'UNITS',
  describe(definition) {
    const counted = unitKinds(definition.unitKinds);
    return {
      vi: `Tỷ lệ ${counted.vi} có kế hoạch thực hiện phong trào trong năm`,
      en: `Share of ${counted.en} with a plan for the movement for the year`,
    };
  },
  async tally(definition, { facts, year, owners, countUnits, recordsOf }) {
    const plans = recordsOf(await facts.plans(year, owners));
    countUnits(definition.unitKinds, (unitId) => plans[unitId]! > 0, plans);
  },
};
