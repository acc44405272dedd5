// SATISFIED_RESPONDENTS: satisfied respondents over respondents of the year's surveys, a ratio of two sums
// (so no member of its denominator is missing by name).
import { z } from 'zod';
import type { Measure } from './measure.ts';

const schema = z.object({ measure: z.literal('SATISFIED_RESPONDENTS') }).strict();

export const satisfiedRespondents: Measure<typeof schema> = {
  schema,
  counts: 'RESPONDENTS',
  describe: () => ({
    vi: 'Tỷ lệ người dân, tổ chức được khảo sát hài lòng với việc giải quyết thủ tục hành chính trong năm',
    en: 'Share of surveyed citizens and organisations satisfied with administrative procedures in the year',
  }),
  async tally(_definition, { facts, year, owners, numerators, denominators, records, accountable }) {
    for (const row of await facts.surveys(year, owners)) {
      const unitId = accountable(row.ownerId);
      if (unitId < 0) continue;
      numerators[unitId]! += row.satisfied;
      denominators[unitId]! += row.respondents;
      records[unitId]!++;
    }
  },
};
