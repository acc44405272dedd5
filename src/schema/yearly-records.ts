// A unit's yearly records: its plan for the movement, satisfaction survey results and new-rural status.
import type { z } from 'zod';
import type { Context } from '../context.ts';
import { failIfAny, parse, problemsOf, unitExistingIn } from '../entry/checks.ts';
import { communeOnly, planFields, statusFields, surveyFields } from '../entry/rules.ts';
import { writeAs } from '../entry/write.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
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

/**
 * A unit's records of one kind, oldest first (of one year when `year` is given), and of the years the unit
 * was within the viewer's area: a commune that joined a district in 2020 shows that district's officer its
 * records from 2020 on, as coverage does.
 */
async function yearlyRecordsInArea<Row extends { year: number }>(
  ctx: Context,
  unitId: number,
  { year }: { year?: number | null },
  find: (args: { where: { unitId: number; year?: number }; orderBy: { year: 'asc' } }) => Promise<Row[]>,
): Promise<Row[]> {
  const rows = await find({ where: { unitId, ...(year == null ? {} : { year: checkYear('year', year) }) }, orderBy: { year: 'asc' } });
  return ctx.scope.shown(rows, (row) => ({ unitId, year: row.year }));
}

builder.prismaObjectFields('Unit', (t) => ({
  plans: t.prismaField({
    type: ['Plan'],
    authScopes: (unit) => ({ within: unit.id }),
    description: 'The unit’s yearly plans, oldest first; only that year’s when `year` is given.',
    args: { year: t.arg.int({ description: 'Only the plan for this year.' }) },
    resolve: (query, unit, args, ctx) => yearlyRecordsInArea(ctx, unit.id, args, (found) => ctx.db.plan.findMany({ ...query, ...found })),
  }),
  satisfactionSurveys: t.prismaField({
    type: ['SatisfactionSurvey'],
    authScopes: (unit) => ({ within: unit.id }),
    description: 'The unit’s satisfaction survey results, oldest first; only that year’s when `year` is given.',
    args: { year: t.arg.int({ description: 'Only the result for this year.' }) },
    resolve: (query, unit, args, ctx) => yearlyRecordsInArea(ctx, unit.id, args, (found) => ctx.db.satisfactionSurvey.findMany({ ...query, ...found })),
  }),
  newRuralStatuses: t.prismaField({
    type: ['NewRuralStatus'],
    authScopes: (unit) => ({ within: unit.id }),
    description: 'The commune’s new-rural status by year, oldest first; only that year’s when `year` is given.',
    args: { year: t.arg.int({ description: 'Only the status at the end of this year.' }) },
    resolve: (query, unit, args, ctx) => yearlyRecordsInArea(ctx, unit.id, args, (found) => ctx.db.newRuralStatus.findMany({ ...query, ...found })),
  }),
}));

// Data entry (nhập liệu): a unit's plan, survey result and new-rural status for a year. Recording one
// again for the same unit and year replaces it.

/** Checks a unit-year record and the unit it names; answers the parsed fields and the unit. */
async function checkedUnitYear<T extends { unit: string; year: number }>(tx: Prisma.TransactionClient, schema: z.ZodType<T>, input: unknown) {
  const { value, problems } = parse(schema, input, ['input']);
  failIfAny(problems);
  const { unit, problem } = await unitExistingIn(tx, value!.unit, value!.year, ['input', 'unit']);
  failIfAny(problem ? [problem] : []);
  const { unit: _code, year: _year, ...fields } = value!;
  return { record: value!, unit: unit!, fields };
}

const PlanInput = builder.inputType('PlanInput', {
  description: 'A unit’s plan for the movement for a year.',
  fields: (t) => ({
    unit: t.string({ required: true, description: 'Unit code; the unit must exist in the year.' }),
    year: t.int({ required: true, description: 'Year the plan covers.' }),
    documentNumber: t.string({ description: 'Number of the plan document (số kế hoạch).' }),
    issuedOn: t.field({ type: 'Date', description: 'Day it was issued.' }),
  }),
});

const SurveyInput = builder.inputType('SatisfactionSurveyInput', {
  description: 'A unit’s satisfaction survey result for a year.',
  fields: (t) => ({
    unit: t.string({ required: true, description: 'Unit code; the unit must exist in the year.' }),
    year: t.int({ required: true, description: 'Year surveyed.' }),
    respondents: t.int({ required: true, description: 'Respondents, at least 1.' }),
    satisfied: t.int({ required: true, description: 'Satisfied respondents, at most the respondents.' }),
  }),
});

const StatusInput = builder.inputType('NewRuralStatusInput', {
  description: 'A commune’s new-rural status at the end of a year.',
  fields: (t) => ({
    unit: t.string({ required: true, description: 'Code of a commune (xã) that exists in the year.' }),
    year: t.int({ required: true, description: 'Year of the status.' }),
    criteriaMet: t.int({ required: true, description: 'Criteria met, out of 19.' }),
    recognisedOn: t.field({ type: 'Date', description: 'Day of recognition, if recognised (all 19 criteria met).' }),
  }),
});

builder.mutationFields((t) => ({
  recordPlan: t.prismaField({
    authScopes: { writesRecords: true },
    type: 'Plan',
    description: 'Records a unit’s plan for a year (kế hoạch). Officers and administrators, within their area.',
    args: { input: t.arg({ type: PlanInput, required: true, description: 'The plan.' }) },
    resolve: (query, _root, { input }, ctx) =>
      writeAs(ctx, async (writer) => {
        const { record, unit, fields } = await checkedUnitYear(writer.tx, planFields, input);
        const key = { unitId_year: { unitId: unit.id, year: record.year } };
        const data = { documentNumber: fields.documentNumber ?? null, issuedOn: fields.issuedOn ?? null };
        const before = await writer.tx.plan.findUnique({ where: key });
        const after = await writer.tx.plan.upsert({ where: key, create: { ...data, unitId: unit.id, year: record.year }, update: data });
        await writer.audit({ entity: 'Plan', entityKey: `${unit.code}/${record.year}`, unitId: unit.id, years: [record.year], before, after });
        return writer.tx.plan.findUniqueOrThrow({ ...query, where: { id: after.id } });
      }),
  }),
  recordSatisfactionSurvey: t.prismaField({
    authScopes: { writesRecords: true },
    type: 'SatisfactionSurvey',
    description: 'Records a unit’s satisfaction survey result for a year (khảo sát sự hài lòng). Officers and administrators, within their area.',
    args: { input: t.arg({ type: SurveyInput, required: true, description: 'The result.' }) },
    resolve: (query, _root, { input }, ctx) =>
      writeAs(ctx, async (writer) => {
        const { record, unit, fields } = await checkedUnitYear(writer.tx, surveyFields, input);
        const key = { unitId_year: { unitId: unit.id, year: record.year } };
        const before = await writer.tx.satisfactionSurvey.findUnique({ where: key });
        const after = await writer.tx.satisfactionSurvey.upsert({ where: key, create: { ...fields, unitId: unit.id, year: record.year }, update: fields });
        await writer.audit({ entity: 'SatisfactionSurvey', entityKey: `${unit.code}/${record.year}`, unitId: unit.id, years: [record.year], before, after });
        return writer.tx.satisfactionSurvey.findUniqueOrThrow({ ...query, where: { id: after.id } });
      }),
  }),
  recordNewRuralStatus: t.prismaField({
    authScopes: { writesRecords: true },
    type: 'NewRuralStatus',
    description: 'Records a commune’s new-rural status for a year (nông thôn mới). Officers and administrators, within their area.',
    args: { input: t.arg({ type: StatusInput, required: true, description: 'The status.' }) },
    resolve: (query, _root, { input }, ctx) =>
      writeAs(ctx, async (writer) => {
        const { record, unit, fields } = await checkedUnitYear(writer.tx, statusFields, input);
        failIfAny(problemsOf([communeOnly(unit)], ['input']));
        const key = { unitId_year: { unitId: unit.id, year: record.year } };
        const data = { criteriaMet: fields.criteriaMet, recognisedOn: fields.recognisedOn ?? null };
        const before = await writer.tx.newRuralStatus.findUnique({ where: key });
        const after = await writer.tx.newRuralStatus.upsert({ where: key, create: { ...data, unitId: unit.id, year: record.year }, update: data });
        await writer.audit({ entity: 'NewRuralStatus', entityKey: `${unit.code}/${record.year}`, unitId: unit.id, years: [record.year], before, after });
        return writer.tx.newRuralStatus.findUniqueOrThrow({ ...query, where: { id: after.id } });
      }),
  }),
}));
