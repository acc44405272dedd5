// Models (mô hình) and exemplars (điển hình), with their yearly evaluations and awards.
import type { Context } from '../context.ts';
import { failIfAny, parse, problemsOf, unitExistingIn, year } from '../entry/checks.ts';
import { lastYear, listed, modelRecordsOutside, modelYears, type CountedModel } from '../entry/reach.ts';
import { awardFields, evaluationFields, fieldInYear, modelFields, modelRanIn, modelStartedBy } from '../entry/rules.ts';
import { writeAs, type Writer } from '../entry/write.ts';
import { InputError, InvalidInputError } from '../errors.ts';
import type { Prisma } from '../generated/sqlite/client.ts';
import { referenceDay } from '../units/tree.ts';
import { builder } from './builder.ts';
import { checkYear, oncePerArgs, pagedBy } from './inputs.ts';

export const ModelKind = builder.enumType('ModelKind', {
  description: 'Whether a record is an initiative or an exemplar.',
  values: {
    MODEL: { description: 'A model, an initiative (mô hình).' },
    EXEMPLAR: { description: 'An exemplar (điển hình): an exemplary collective or individual.' },
  } as const,
});

export const HolderKind = builder.enumType('HolderKind', {
  description: 'Who carries the model or exemplar.',
  values: {
    COLLECTIVE: { description: 'A collective (tập thể).' },
    INDIVIDUAL: { description: 'An individual (cá nhân).' },
  } as const,
});

const RecordOrigin = builder.enumType('RecordOrigin', {
  description: 'Where a record came from.',
  values: {
    PUBLISHED: { description: 'Taken from a published source (an official article or report).' },
    SAMPLE: { description: 'Generated demo record (dữ liệu mẫu).' },
    ENTERED: { description: 'Entered by an officer.' },
    IMPORTED: { description: 'Imported from a spreadsheet.' },
  } as const,
});

export const EvaluationRating = builder.enumType('EvaluationRating', {
  description: 'Outcome of a yearly review (kết quả đánh giá).',
  values: {
    OUTSTANDING: { description: 'Outstanding (tiêu biểu); counts as effective.' },
    EFFECTIVE: { description: 'Effective (đạt hiệu quả).' },
    NOT_EFFECTIVE: { description: 'Not effective (chưa hiệu quả).' },
  } as const,
});

export const AwardLevel = builder.enumType('AwardLevel', {
  description: 'Level of the authority that grants an award.',
  values: {
    CENTRAL: { description: 'Central (trung ương).' },
    PROVINCE: { description: 'Province level (cấp tỉnh).' },
    DISTRICT: { description: 'District level (cấp huyện).' },
    COMMUNE: { description: 'Commune level (cấp xã).' },
  } as const,
});

export const Model = builder.prismaObject('Model', {
  description: 'A model (mô hình) or exemplar (điển hình) registered by a unit in a field, active from its start year to its end year.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Identifier of the record.' }),
    registrationKey: t.exposeString('registrationKey', { description: 'Registration key (mã đăng ký), stable across spreadsheet imports.' }),
    kind: t.expose('kind', { type: ModelKind, description: 'Model or exemplar.' }),
    holder: t.expose('holder', { type: HolderKind, description: 'Collective or individual.' }),
    title: t.exposeString('title', { description: 'Name of the model or exemplar, in Vietnamese.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the model does.' }),
    startYear: t.exposeInt('startYear', { description: 'Year the model started (năm bắt đầu).' }),
    endYear: t.exposeInt('endYear', { nullable: true, description: 'Last year the model ran; null while it still runs.' }),
    origin: t.expose('origin', { type: RecordOrigin, description: 'Where the record came from; SAMPLE for generated demo records.' }),
    sourceUrl: t.exposeString('sourceUrl', { nullable: true, description: 'Published source of the record.' }),
    unit: t.relation('unit', { description: 'The unit that registered it.' }),
    field: t.relation('field', { description: 'The field it works in (lĩnh vực).' }),
    // A model's years may lie in different areas (its commune moved, or merged away): each year's record is
    // shown to those whose area holds the model that year, as coverage and the export judge it.
    evaluations: t.field({
      type: [Evaluation],
      description: 'Its yearly evaluations, oldest first: those of the years it was within your area.',
      select: (_args, _ctx, nestedSelection) => ({ evaluations: nestedSelection({ orderBy: { year: 'asc' as const } }) }),
      resolve: (model, _args, ctx) => ctx.scope.shown(model.evaluations, ({ year }) => ({ unitId: model.unitId, year })),
    }),
    awards: t.field({
      type: [Award],
      description: 'Awards it received, oldest first: those of the years it was within your area.',
      select: (_args, _ctx, nestedSelection) => ({ awards: nestedSelection({ orderBy: [{ year: 'asc' as const }, { id: 'asc' as const }] }) }),
      resolve: (model, _args, ctx) => ctx.scope.shown(model.awards, ({ year }) => ({ unitId: model.unitId, year })),
    }),
  }),
});

const Evaluation = builder.prismaObject('Evaluation', {
  description: 'The yearly review of a model (đánh giá, bình xét) by the responsible steering committee.',
  fields: (t) => ({
    year: t.exposeInt('year', { description: 'Year reviewed.' }),
    rating: t.expose('rating', { type: EvaluationRating, description: 'Outstanding, effective or not effective.' }),
    recommendedForReplication: t.exposeBoolean('recommendedForReplication', { description: 'Recommended for replication (khuyến cáo nhân rộng).' }),
    note: t.exposeString('note', { nullable: true, description: 'Remarks of the reviewers.' }),
    model: t.relation('model', { description: 'The model reviewed.' }),
    evaluator: t.relation('evaluator', { nullable: true, description: 'The unit whose steering committee reviewed it.' }),
  }),
});

const Award = builder.prismaObject('Award', {
  description: 'Recognition of a model by a decision (khen thưởng).',
  fields: (t) => ({
    year: t.exposeInt('year', { description: 'Year of the award.' }),
    level: t.expose('level', { type: AwardLevel, description: 'Level of the granting authority.' }),
    title: t.exposeString('title', { description: 'Form of the award, e.g. "Bằng khen của Chủ tịch UBND tỉnh".' }),
    decisionNumber: t.exposeString('decisionNumber', { nullable: true, description: 'Number of the decision (số quyết định), e.g. "123/QĐ-UBND".' }),
    decisionDate: t.expose('decisionDate', { type: 'Date', nullable: true, description: 'Date of the decision.' }),
    model: t.relation('model', { description: 'The model awarded.' }),
    grantor: t.relation('grantor', { nullable: true, description: 'The unit that granted it.' }),
  }),
});

const ModelFilter = builder.inputType('ModelFilter', {
  description: 'Conditions a model must meet; all given conditions apply.',
  fields: (t) => ({
    under: t.string({
      description:
        'Unit code: models of this unit and the units below it, including units merged into them. With `activeIn`, the tree as it stood in that year.',
    }),
    field: t.string({ description: 'Field code (lĩnh vực), e.g. "NONG_THON_MOI".' }),
    kind: t.field({ type: ModelKind, description: 'Only models, or only exemplars.' }),
    activeIn: t.int({ description: 'Only models active in this year: started in or before it, not ended before it.' }),
    rating: t.field({ type: EvaluationRating, description: 'Only models with an evaluation of this rating (in `activeIn` when given).' }),
    origin: t.field({ type: RecordOrigin, description: 'Only records of this origin.' }),
  }),
});

type ModelConditions = {
  field?: string | null;
  kind?: Prisma.ModelWhereInput['kind'] | null;
  activeIn?: number | null;
  rating?: Prisma.EvaluationWhereInput['rating'] | null;
  origin?: Prisma.ModelWhereInput['origin'] | null;
};

/** The conditions a unit's own model list and the `models` query share. */
function modelConditions(filter: ModelConditions): Prisma.ModelWhereInput[] {
  const year = filter.activeIn == null ? null : checkYear('activeIn', filter.activeIn);
  return [
    filter.field ? { field: { code: filter.field } } : {},
    filter.kind ? { kind: filter.kind } : {},
    filter.origin ? { origin: filter.origin } : {},
    year == null ? {} : { startYear: { lte: year }, OR: [{ endYear: null }, { endYear: { gte: year } }] },
    filter.rating ? { evaluations: { some: { rating: filter.rating, ...(year == null ? {} : { year }) } } } : {},
  ];
}

async function modelsWhere(ctx: Context, filter: ModelConditions & { under?: string | null }): Promise<Prisma.ModelWhereInput> {
  const conditions = modelConditions(filter);
  if (filter.field && !(await ctx.db.field.findUnique({ where: { code: filter.field }, select: { id: true } }))) {
    throw new InputError(`filter.field: no field has the code ${JSON.stringify(filter.field)}`);
  }
  // An officer's list is their own area unless they name a unit within it.
  const under = filter.under ?? ctx.scope.root?.code;
  if (under) {
    const tree = await ctx.facts.tree();
    const root = tree.byCode(under);
    if (!root) throw new InputError(`filter.under: no unit has the code ${JSON.stringify(under)}`);
    await ctx.scope.require(root.id, filter.activeIn ?? undefined);
    const day = filter.activeIn == null ? undefined : referenceDay(filter.activeIn, root);
    // A unit in the area may once have held units that never were (they joined it after it left): those stay out.
    const area = ctx.scope.root ? tree.accountableWithin(ctx.scope.root.id) : undefined;
    conditions.push({ unitId: { in: [...tree.accountableWithin(root.id, day)].filter((id) => !area || area.has(id)) } });
  }
  return { AND: conditions };
}

const modelsFilter = oncePerArgs((ctx: Context, args: { filter?: (ModelConditions & { under?: string | null }) | null }) =>
  modelsWhere(ctx, args.filter ?? {}),
);

builder.prismaObjectField('Unit', 'models', (t) =>
  t.relatedConnection(
    'models',
    {
      authScopes: (unit) => ({ within: unit.id }),
      description: 'Models and exemplars this unit registered itself (not those of units below it; see the `models` query).',
      cursor: 'id',
      args: {
        field: t.arg.string({ description: 'Field code (lĩnh vực).' }),
        kind: t.arg({ type: ModelKind, description: 'Only models, or only exemplars.' }),
        activeIn: t.arg.int({ description: 'Only models active in this year.' }),
        rating: t.arg({ type: EvaluationRating, description: 'Only models with an evaluation of this rating (in `activeIn` when given).' }),
      },
      maxSize: pagedBy('id'),
      totalCount: true,
      query: (args) => ({ where: { AND: modelConditions(args) }, orderBy: { id: 'asc' } }),
    },
    { name: 'UnitModelConnection', description: 'A page of a unit’s own models and exemplars.' },
  ),
);

builder.queryFields((t) => ({
  model: t.prismaField({
    authScopes: { signedIn: true },
    type: 'Model',
    nullable: true,
    description: 'The model or exemplar with this id, or null if there is none.',
    args: { id: t.arg.id({ required: true, description: 'Identifier of the record.' }) },
    resolve: async (query, _root, { id }, ctx) => {
      const key = String(id);
      if (!/^\d{1,9}$/.test(key)) throw new InputError(`id: ${JSON.stringify(key)} is not a model id (a positive whole number)`);
      const model = await ctx.db.model.findUnique({ ...query, where: { id: Number(key) } });
      if (model) await ctx.scope.require(model.unitId);
      return model;
    },
  }),
  models: t.prismaConnection(
    {
      authScopes: { signedIn: true },
      type: 'Model',
      cursor: 'id',
      description: 'Models and exemplars (mô hình, điển hình) meeting the filter, oldest registration first.',
      args: { filter: t.arg({ type: ModelFilter, description: 'Conditions the models must meet.' }) },
      maxSize: pagedBy('id'),
      totalCount: async (_parent, args, ctx) => ctx.db.model.count({ where: await modelsFilter(ctx, args) }),
      resolve: async (query, _root, args, ctx) => ctx.db.model.findMany({ ...query, where: await modelsFilter(ctx, args), orderBy: { id: 'asc' } }),
    },
    { name: 'ModelConnection', description: 'A page of models and exemplars.' },
  ),
}));

// Data entry (nhập liệu): register, change and end models; record their yearly evaluations.

const ModelInput = builder.inputType('ModelInput', {
  description: 'A model or exemplar as an officer registers it.',
  fields: (t) => ({
    registrationKey: t.string({ required: true, description: 'Registration key (mã đăng ký), unique: letters, digits and . _ / -.' }),
    kind: t.field({ type: ModelKind, required: true, description: 'Model or exemplar.' }),
    holder: t.field({ type: HolderKind, required: true, description: 'Collective or individual.' }),
    title: t.string({ required: true, description: 'Name, in Vietnamese.' }),
    description: t.string({ description: 'What it does.' }),
    unit: t.string({ required: true, description: 'Code of the registering unit; it must exist in the start year.' }),
    field: t.string({ required: true, description: 'Field code (lĩnh vực); the field must be in use in the start year.' }),
    startYear: t.int({ required: true, description: 'Year it started.' }),
    endYear: t.int({ description: 'Last year it ran, if it has ended.' }),
    sourceUrl: t.string({ description: 'Published source, if any.' }),
  }),
});

/** Checks a model's fields against the records; answers the ids to store. */
async function checkedModel(tx: Prisma.TransactionClient, input: unknown, path: (string | number)[]) {
  const { value, problems } = parse(modelFields, input, path);
  failIfAny(problems);
  const [{ unit, problem }, field] = await Promise.all([
    unitExistingIn(tx, value!.unit, value!.startYear, [...path, 'unit']),
    tx.field.findUnique({ where: { code: value!.field } }),
  ]);
  if (problem) problems.push(problem);
  problems.push(...problemsOf([fieldInYear(field, value!.field, value!.startYear)], path));
  failIfAny(problems);
  const { unit: _code, field: _field, ...stored } = value!;
  return {
    ...stored,
    description: stored.description ?? null,
    endYear: stored.endYear ?? null,
    sourceUrl: stored.sourceUrl ?? null,
    unitId: unit!.id,
    fieldId: field!.id,
  };
}

/** The model with this key, or a problem naming the key. */
async function existingModel(tx: Prisma.TransactionClient, key: string) {
  const model = await tx.model.findUnique({ where: { registrationKey: key } });
  if (!model) throw new InvalidInputError([{ path: ['registrationKey'], message: `no model has the registration key ${JSON.stringify(key)}` }]);
  return model;
}

/**
 * A model's creation or change as the write frame files it: the area must hold the unit it leaves in the
 * years the change takes from it, and the unit it belongs to in the years the change gives it
 * (src/entry/reach.ts).
 */
function modelChange(ctx: Context, before: (CountedModel & { registrationKey: string }) | null, after: CountedModel & { registrationKey: string }) {
  const years = modelYears(before, after, ctx.today.getUTCFullYear());
  return {
    entity: 'Model',
    entityKey: after.registrationKey,
    unitId: after.unitId,
    years: years.after,
    formerUnitId: before?.unitId,
    formerYears: years.before,
    before,
    after,
  };
}

/** The model with this key, refused (FORBIDDEN) unless the writer's area holds it now: its last year's unit. */
async function heldModel(writer: Writer, ctx: Context, key: string) {
  const model = await existingModel(writer.tx, key);
  await writer.require(model.unitId, [lastYear(model, ctx.today.getUTCFullYear())]);
  return model;
}

/** Refuses a model's years that would leave its evaluations (or awards) outside them, naming them. */
async function keepsItsRecords(tx: Prisma.TransactionClient, model: { id: number }, years: { startYear: number; endYear: number | null }, path: string[]) {
  const outside = await modelRecordsOutside(tx, model.id, years.startYear, years.endYear);
  if (outside.length) {
    failIfAny([
      { path, message: `the model would run ${years.startYear}–${years.endYear ?? 'now'}, leaving out ${listed(outside, 'en')}: change or remove those first` },
    ]);
  }
}

const EvaluationInput = builder.inputType('EvaluationInput', {
  description: 'A model’s yearly evaluation; recording it again for the same year replaces it.',
  fields: (t) => ({
    model: t.string({ required: true, description: 'Registration key of the model.' }),
    year: t.int({ required: true, description: 'Year reviewed; the model must be active in it.' }),
    rating: t.field({ type: EvaluationRating, required: true, description: 'Outstanding, effective or not effective.' }),
    recommendedForReplication: t.boolean({ description: 'Recommended for replication (default false).' }),
    evaluator: t.string({ description: 'Code of the unit whose steering committee reviewed it.' }),
    note: t.string({ description: 'Remarks of the reviewers.' }),
  }),
});

const AwardInput = builder.inputType('AwardInput', {
  description: 'An award given to a model by a decision (khen thưởng).',
  fields: (t) => ({
    model: t.string({ required: true, description: 'Registration key of the model.' }),
    year: t.int({ required: true, description: 'Year of the award; the model must have started by then.' }),
    level: t.field({ type: AwardLevel, required: true, description: 'Level of the granting authority.' }),
    title: t.string({ required: true, description: 'Form of the award, e.g. "Giấy khen của Chủ tịch UBND huyện".' }),
    decisionNumber: t.string({ description: 'Number of the decision, e.g. "123/QĐ-UBND".' }),
    decisionDate: t.field({ type: 'Date', description: 'Date of the decision, within the year.' }),
    grantor: t.string({ description: 'Code of the unit that granted it.' }),
  }),
});

builder.mutationFields((t) => ({
  recordAward: t.prismaField({
    authScopes: { writesRecords: true },
    type: 'Award',
    description: 'Records an award given to a model (khen thưởng). Officers and administrators, within their area.',
    args: { input: t.arg({ type: AwardInput, required: true, description: 'The award.' }) },
    resolve: (query, _root, { input }, ctx) =>
      writeAs(ctx, async (writer) => {
        const { value, problems } = parse(awardFields, input, ['input']);
        failIfAny(problems);
        const model = await writer.tx.model.findUnique({ where: { registrationKey: value!.model } });
        problems.push(...problemsOf([modelStartedBy(model, value!.model, value!.year)], ['input']));
        const grantor = value!.grantor ? await unitExistingIn(writer.tx, value!.grantor, value!.year, ['input', 'grantor']) : undefined;
        if (grantor?.problem) problems.push(grantor.problem);
        failIfAny(problems);
        const award = await writer.tx.award.create({
          data: {
            modelId: model!.id,
            year: value!.year,
            level: value!.level,
            title: value!.title,
            decisionNumber: value!.decisionNumber ?? null,
            decisionDate: value!.decisionDate ?? null,
            grantorUnitId: grantor?.unit?.id ?? null,
          },
        });
        await writer.audit({
          entity: 'Award',
          entityKey: `${model!.registrationKey}/${value!.year}/${award.id}`,
          unitId: model!.unitId,
          years: [value!.year],
          before: null,
          after: award,
        });
        return writer.tx.award.findUniqueOrThrow({ ...query, where: { id: award.id } });
      }),
  }),
  registerModel: t.prismaField({
    authScopes: { writesRecords: true },
    type: 'Model',
    description: 'Registers a model or exemplar (đăng ký mô hình). Officers and administrators, within their area.',
    args: { input: t.arg({ type: ModelInput, required: true, description: 'The model.' }) },
    resolve: (query, _root, { input }, ctx) =>
      writeAs(ctx, async (writer) => {
        const data = await checkedModel(writer.tx, input, ['input']);
        if (await writer.tx.model.findUnique({ where: { registrationKey: data.registrationKey }, select: { id: true } })) {
          failIfAny([{ path: ['input', 'registrationKey'], message: `${data.registrationKey} is already registered; change it with updateModel` }]);
        }
        const created = await writer.tx.model.create({ data: { ...data, origin: 'ENTERED' } });
        await writer.audit(modelChange(ctx, null, created));
        return writer.tx.model.findUniqueOrThrow({ ...query, where: { id: created.id } });
      }),
  }),
  updateModel: t.prismaField({
    authScopes: { writesRecords: true },
    type: 'Model',
    description: 'Replaces a registered model’s fields (its registration key stays). Officers and administrators, within their area.',
    args: {
      registrationKey: t.arg.string({ required: true, description: 'Registration key of the model.' }),
      input: t.arg({ type: ModelInput, required: true, description: 'Its fields as they should be; `registrationKey` must match.' }),
    },
    resolve: (query, _root, args, ctx) =>
      writeAs(ctx, async (writer) => {
        const before = await heldModel(writer, ctx, args.registrationKey);
        if (args.input.registrationKey !== args.registrationKey) {
          failIfAny([{ path: ['input', 'registrationKey'], message: 'a registration key cannot change; register a new model instead' }]);
        }
        const data = await checkedModel(writer.tx, args.input, ['input']);
        await writer.requireArea(modelChange(ctx, before, { ...before, ...data }));
        await keepsItsRecords(writer.tx, before, data, ['input', 'endYear']);
        const after = await writer.tx.model.update({ where: { id: before.id }, data });
        await writer.audit(modelChange(ctx, before, after));
        return writer.tx.model.findUniqueOrThrow({ ...query, where: { id: after.id } });
      }),
  }),
  endModel: t.prismaField({
    authScopes: { writesRecords: true },
    type: 'Model',
    description: 'Records the last year a model ran (kết thúc mô hình). Officers and administrators, within their area.',
    args: {
      registrationKey: t.arg.string({ required: true, description: 'Registration key of the model.' }),
      endYear: t.arg.int({ required: true, description: 'The last year it ran.' }),
    },
    resolve: (query, _root, args, ctx) =>
      writeAs(ctx, async (writer) => {
        const before = await heldModel(writer, ctx, args.registrationKey);
        const { problems } = parse(year.min(before.startYear, `must not be before the start year ${before.startYear}`), args.endYear, ['endYear']);
        failIfAny(problems);
        await writer.requireArea(modelChange(ctx, before, { ...before, endYear: args.endYear }));
        await keepsItsRecords(writer.tx, before, { startYear: before.startYear, endYear: args.endYear }, ['endYear']);
        const after = await writer.tx.model.update({ where: { id: before.id }, data: { endYear: args.endYear } });
        await writer.audit(modelChange(ctx, before, after));
        return writer.tx.model.findUniqueOrThrow({ ...query, where: { id: after.id } });
      }),
  }),
  recordEvaluation: t.prismaField({
    authScopes: { writesRecords: true },
    type: 'Evaluation',
    description: 'Records a model’s evaluation for a year (đánh giá), replacing one already recorded. Officers and administrators, within their area.',
    args: { input: t.arg({ type: EvaluationInput, required: true, description: 'The evaluation.' }) },
    resolve: (query, _root, { input }, ctx) =>
      writeAs(ctx, async (writer) => {
        const { value, problems } = parse(evaluationFields, input, ['input']);
        failIfAny(problems);
        const model = await writer.tx.model.findUnique({ where: { registrationKey: value!.model } });
        problems.push(...problemsOf([modelRanIn(model, value!.model, value!.year)], ['input']));
        const evaluator = value!.evaluator ? await unitExistingIn(writer.tx, value!.evaluator, value!.year, ['input', 'evaluator']) : undefined;
        if (evaluator?.problem) problems.push(evaluator.problem);
        failIfAny(problems);
        const key = { modelId_year: { modelId: model!.id, year: value!.year } };
        const before = await writer.tx.evaluation.findUnique({ where: key });
        const data = {
          rating: value!.rating,
          recommendedForReplication: value!.recommendedForReplication ?? false,
          evaluatorUnitId: evaluator?.unit?.id ?? null,
          note: value!.note ?? null,
        };
        const after = await writer.tx.evaluation.upsert({ where: key, create: { ...data, modelId: model!.id, year: value!.year }, update: data });
        await writer.audit({
          entity: 'Evaluation',
          entityKey: `${model!.registrationKey}/${value!.year}`,
          unitId: model!.unitId,
          years: [value!.year],
          before,
          after,
        });
        return writer.tx.evaluation.findUniqueOrThrow({ ...query, where: { id: after.id } });
      }),
  }),
}));
