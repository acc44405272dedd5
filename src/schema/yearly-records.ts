// A unit's yearly records: its plan for the movement, satisfaction survey results and new-rural status.
import { builder } from './builder.ts';
import { checkYear } from './inputs.ts';

builder.prismaObject('Plan', {
  description: 'A unit’s yearly plan (kế hoạch) for disseminating and carrying out the movement.',
  fields: (t) => ({
    year: t.exposeInt('year', { description: 'Year the plan covers.' }),
    documentNumber: t.exposeString('documentNumber', { nullable: true, description: 'Number of the plan document (số kế hoạch).' }),
    issuedOn: t.expose('issuedOn', { type: 'Date', nullable: true, description: 'Day the plan was issued.' }),
    unit: t.relation('unit', { description: 'The unit whose plan it is.' }),
  }),
});

builder.prismaObject('SatisfactionSurvey', {
  description: 'Result of a satisfaction survey (khảo sát sự hài lòng, SIPAS) for a unit and year.',
  fields: (t) => ({
    year: t.exposeInt('year', { description: 'Year surveyed.' }),
    respondents: t.exposeInt('respondents', { description: 'Citizens and organisations who answered.' }),
    satisfied: t.exposeInt('satisfied', { description: 'Respondents satisfied (hài lòng).' }),
    unit: t.relation('unit', { description: 'The unit surveyed.' }),
  }),
});

builder.prismaObject('NewRuralStatus', {
  description: 'A commune’s new-rural status (nông thôn mới) at the end of a year.',
  fields: (t) => ({
    year: t.exposeInt('year', { description: 'Year of the status.' }),
    criteriaMet: t.exposeInt('criteriaMet', { description: 'National new-rural criteria met, out of 19 (tiêu chí đạt).' }),
    recognisedOn: t.expose('recognisedOn', {
      type: 'Date',
      nullable: true,
      description: 'Day the commune was recognised as meeting the standard (công nhận đạt chuẩn), if it was.',
    }),
    unit: t.relation('unit', { description: 'The commune.' }),
  }),
});

/** A unit's records oldest first, or only those of one year. */
const oldestFirstIn = ({ year }: { year?: number | null }) => ({
  where: year == null ? {} : { year: checkYear('year', year) },
  orderBy: { year: 'asc' as const },
});

builder.prismaObjectFields('Unit', (t) => ({
  plans: t.relation('plans', {
    description: 'The unit’s yearly plans, oldest first; only that year’s when `year` is given.',
    args: { year: t.arg.int({ description: 'Only the plan for this year.' }) },
    query: oldestFirstIn,
  }),
  satisfactionSurveys: t.relation('satisfactionSurveys', {
    description: 'The unit’s satisfaction survey results, oldest first; only that year’s when `year` is given.',
    args: { year: t.arg.int({ description: 'Only the result for this year.' }) },
    query: oldestFirstIn,
  }),
  newRuralStatuses: t.relation('newRuralStatuses', {
    description: 'The commune’s new-rural status by year, oldest first; only that year’s when `year` is given.',
    args: { year: t.arg.int({ description: 'Only the status at the end of this year.' }) },
    query: oldestFirstIn,
  }),
}));
