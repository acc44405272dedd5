// NEW_RURAL_RECOGNISED: the share of units of some kinds recognised as meeting the new-rural standard by
// the end of the year; its records are the year's new-rural statuses.
import { z } from 'zod';
import { population } from '../model-filter.ts';
import { unitKinds } from '../phrases.ts';
import type { Measure } from './measure.ts';

const schema = z.object({ measure: z.literal('NEW_RURAL_RECOGNISED'), unitKinds: population }).strict();

export const newRuralRecognised: Measure<typeof schema> = {
  schema,
  counts: 'UNITS',
  describe(definition) {
    const counted = unitKinds(definition.unitKinds);
    return {
      vi: `Tỷ lệ ${counted.vi} được công nhận đạt chuẩn nông thôn mới đến cuối năm`,
      en: `Share of ${counted.en} recognised as meeting the new-rural standard by the end of the year`,
    };
  },
  async tally(definition, { facts, year, owners, countUnits, recordsOf }) {
    // Recognition is the commune's own: a merged commune does not pass it to its successor.
    const yearEnd = new Date(Date.UTC(year, 11, 31));
    const recognised = new Set((await facts.recognitions()).filter((row) => row.recognisedOn <= yearEnd).map((row) => row.ownerId));
    countUnits(definition.unitKinds, (unitId) => recognised.has(unitId), recordsOf(await facts.ruralStatuses(year, owners)));
  },
};
