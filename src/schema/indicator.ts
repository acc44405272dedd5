// Indicators (chỉ tiêu): stored definitions with targets per period, and their administration.
import type { Context } from '../context.ts';
import { writeAs } from '../entry/write.ts';
import { failIfAny } from '../entry/checks.ts';
import { countedThings, definitionOf, describeDefinition, type Definition } from '../indicators/definition.ts';
import { indicatorProblems, writeIndicator } from '../indicators/reference.ts';
import type { Words } from '../indicators/phrases.ts';
import { builder } from './builder.ts';
import { checkYear } from './inputs.ts';

export const CountedThing = builder.enumType('CountedThing', {
  description: 'What an indicator counts in its numerator and denominator.',
  values: {
    UNITS: { description: 'Units (đơn vị): communes, agencies…' },
    MODELS: { description: 'Models (mô hình).' },
    RESPONDENTS: { description: 'Survey respondents (người được khảo sát).' },
  } as const,
});

export const WordsRef = builder.objectRef<Words>('Words').implement({
  description: 'A text in Vietnamese and in English.',
  fields: (t) => ({
    vi: t.exposeString('vi', { description: 'Vietnamese (tiếng Việt).' }),
    en: t.exposeString('en', { description: 'English.' }),
  }),
});

export async function definitionInWords(ctx: Context, definition: Definition): Promise<Words> {
  const fields = await ctx.facts.fields();
  return describeDefinition(definition, new Map(fields.map((field) => [field.code, { vi: field.nameVi, en: field.nameEn }])));
}

/** The target in force for a year, as a ratio between 0 and 1; null when none is set. */
export function targetFor(targets: { value: number; firstYear: number; lastYear: number }[], year: number): number | null {
  return targets.find((target) => target.firstYear <= year && year <= target.lastYear)?.value ?? null;
}

export const Indicator = builder.prismaObject('Indicator', {
  description: 'An indicator (chỉ tiêu): a ratio of a numerator to a denominator, defined declaratively, with targets per period.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Stable code, e.g. "COMMUNE_NTM_EFFECTIVE".' }),
    nameVi: t.exposeString('nameVi', { description: 'Vietnamese name.' }),
    nameEn: t.exposeString('nameEn', { description: 'English name.' }),
    numerator: t.field({
      type: WordsRef,
      description: 'What the numerator counts (tử số).',
      resolve: (indicator) => ({ vi: indicator.numeratorVi, en: indicator.numeratorEn }),
    }),
    denominator: t.field({
      type: WordsRef,
      description: 'What the denominator counts (mẫu số).',
      resolve: (indicator) => ({ vi: indicator.denominatorVi, en: indicator.denominatorEn }),
    }),
    counts: t.field({
      type: CountedThing,
      description: 'What the numerator and denominator count.',
      resolve: (indicator) => countedThings(definitionOf(indicator)),
    }),
    definition: t.exposeString('definition', { description: 'The declarative definition, as JSON (see docs/indicators.md).' }),
    definitionInWords: t.field({
      type: WordsRef,
      description: 'The definition in words.',
      resolve: (indicator, _args, ctx) => definitionInWords(ctx, definitionOf(indicator)),
    }),
    targets: t.relation('targets', { description: 'Targets per period, oldest first.', query: { orderBy: { firstYear: 'asc' } } }),
    target: t.float({
      nullable: true,
      description: 'The target in force for a year (a ratio between 0 and 1), or null when none is set.',
      args: { year: t.arg.int({ required: true, description: 'The year.' }) },
      select: { targets: true },
      resolve: (indicator, { year }) => targetFor(indicator.targets, checkYear('year', year)),
    }),
  }),
});

builder.prismaObject('IndicatorTarget', {
  description: 'A target (mục tiêu) of an indicator over a span of years.',
  fields: (t) => ({
    value: t.exposeFloat('value', { description: 'The target ratio, between 0 and 1 (0.8 for 80%).' }),
    firstYear: t.exposeInt('firstYear', { description: 'First year the target applies to.' }),
    lastYear: t.exposeInt('lastYear', { description: 'Last year the target applies to.' }),
    source: t.exposeString('source', { nullable: true, description: 'The scheme or decision that set it.' }),
  }),
});

const TargetInput = builder.inputType('IndicatorTargetInput', {
  description: 'A target over a span of years.',
  fields: (t) => ({
    value: t.float({ required: true, description: 'The target ratio, between 0 and 1.' }),
    firstYear: t.int({ required: true, description: 'First year it applies to.' }),
    lastYear: t.int({ required: true, description: 'Last year it applies to.' }),
    source: t.string({ description: 'The scheme or decision that set it.' }),
  }),
});

const IndicatorInput = builder.inputType('IndicatorInput', {
  description: 'An indicator to create or replace, identified by its code.',
  fields: (t) => ({
    code: t.string({ required: true, description: 'Stable code: upper case letters, digits and underscores.' }),
    nameVi: t.string({ required: true, description: 'Vietnamese name.' }),
    nameEn: t.string({ required: true, description: 'English name.' }),
    numeratorVi: t.string({ required: true, description: 'What the numerator counts, in Vietnamese.' }),
    numeratorEn: t.string({ required: true, description: 'What the numerator counts, in English.' }),
    denominatorVi: t.string({ required: true, description: 'What the denominator counts, in Vietnamese.' }),
    denominatorEn: t.string({ required: true, description: 'What the denominator counts, in English.' }),
    definition: t.string({ required: true, description: 'The declarative definition as JSON (see docs/indicators.md).' }),
    sortOrder: t.int({ description: 'Position in lists and dashboards; omitted, a saved indicator keeps its own (a new one takes 0).' }),
    targets: t.field({ type: [TargetInput], required: true, description: 'Its targets; they replace the existing ones.' }),
  }),
});

builder.queryFields((t) => ({
  indicators: t.prismaField({
    authScopes: { signedIn: true },
    type: ['Indicator'],
    description: 'Every indicator, in dashboard order.',
    resolve: (query, _root, _args, ctx) => ctx.db.indicator.findMany({ ...query, orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] }),
  }),
  indicator: t.prismaField({
    authScopes: { signedIn: true },
    type: 'Indicator',
    nullable: true,
    description: 'The indicator with this code, or null if there is none.',
    args: { code: t.arg.string({ required: true, description: 'Indicator code.' }) },
    resolve: (query, _root, { code }, ctx) => ctx.db.indicator.findUnique({ ...query, where: { code } }),
  }),
}));

builder.mutationType({ description: 'Change the data.' });

builder.mutationFields((t) => ({
  saveIndicator: t.prismaField({
    authScopes: { administers: true },
    type: 'Indicator',
    description: 'Creates or replaces an indicator and its targets. Administrators only.',
    args: { input: t.arg({ type: IndicatorInput, required: true, description: 'The indicator.' }) },
    resolve: async (query, _root, { input }, ctx) => {
      // Without a position, a saved indicator keeps its own (a form that edits its targets must not move it to the top).
      const stored = input.sortOrder == null ? await ctx.db.indicator.findUnique({ where: { code: input.code }, select: { sortOrder: true } }) : null;
      const sortOrder = input.sortOrder ?? stored?.sortOrder ?? 0;
      const indicator = { ...input, sortOrder, targets: input.targets.map((target) => ({ ...target, source: target.source ?? null })) };
      const known = new Set((await ctx.facts.fields()).map((field) => field.code));
      failIfAny(indicatorProblems(indicator, known, ['input']));
      return writeAs(ctx, async (writer) => {
        const { id } = await writeIndicator(writer, indicator);
        return writer.tx.indicator.findUniqueOrThrow({ ...query, where: { id } });
      });
    },
  }),
}));
