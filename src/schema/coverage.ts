// Coverage (mức độ đạt chỉ tiêu): an indicator's numbers for a unit and period, its missing units, its
// breakdowns and series, and the one-operation dashboard. A Coverage object carries only what it is about
// (indicator, unit, period, restriction); each number resolves lazily from the request's facts.
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { coverageNumbers, type CoverageNumbers, type Restriction } from '../analytics/coverage.ts';
import { missingPage } from '../analytics/missing.ts';
import type { Context } from '../context.ts';
import { fieldInUse } from '../entry/rules.ts';
import { InputError } from '../errors.ts';
import type { UnitKind as UnitKindValue } from '../generated/sqlite/client.ts';
import { countedThings, definitionOf, type Definition, measureOf } from '../indicators/definition.ts';
import { reaches, shortfall } from '../indicators/targets.ts';
import { unitKindNames, type Words } from '../indicators/phrases.ts';
import { referenceDay } from '../units/tree.ts';
import { builder } from './builder.ts';
import { CountedThing, definitionInWords, Indicator, targetFor, WordsRef } from './indicator.ts';
import { FIRST_YEAR } from '../entry/rules.ts';
import { checkPage, checkYear } from './inputs.ts';
import { Model } from './model.ts';
import { Unit, UnitKind } from './unit.ts';

/** At most this many years in a period or a series. */
export const MAX_YEARS = 30;

type BreakdownDimension = 'CHILD_UNITS' | 'FIELD' | 'UNIT_KIND';

export interface CoverageSubject {
  indicatorCode: string;
  unitId: number;
  /** The unit the coverage was asked for; its breakdowns and series share its facts (src/analytics/facts.ts). */
  root: number;
  /** The period asked; the numbers are those of its last year. */
  from: number;
  to: number;
  restriction: Restriction;
  group?: { by: BreakdownDimension; label: Words; unitId?: number; fieldId?: number; kind?: UnitKindValue; self?: boolean };
  numbers?: Promise<CoverageNumbers>;
}

type IndicatorRow = Awaited<ReturnType<Context['facts']['indicators']>>[number];
const parsedIndicators = new WeakMap<Context, Promise<Map<string, IndicatorRow & { parsed: Definition }>>>();

/** The indicator with its parsed definition: parsed once per request, not once per field of every coverage. */
async function indicatorOf(ctx: Context, code: string) {
  let indicators = parsedIndicators.get(ctx);
  if (!indicators) {
    indicators = ctx.facts.indicators().then((rows) => new Map(rows.map((row) => [row.code, { ...row, parsed: definitionOf(row) }])));
    parsedIndicators.set(ctx, indicators);
  }
  const indicator = (await indicators).get(code);
  if (!indicator) throw new Error(`indicator ${code} vanished during the request`);
  return indicator;
}

function numbersOf(ctx: Context, subject: CoverageSubject): Promise<CoverageNumbers> {
  subject.numbers ??= indicatorOf(ctx, subject.indicatorCode).then((indicator) =>
    coverageNumbers(ctx.facts, indicator, subject.unitId, subject.to, subject.restriction, subject.root),
  );
  return subject.numbers;
}

async function ratioOf(ctx: Context, subject: CoverageSubject): Promise<number | null> {
  const { numerator, denominator } = await numbersOf(ctx, subject);
  return denominator === 0 ? null : numerator / denominator;
}

async function targetOf(ctx: Context, subject: CoverageSubject): Promise<number | null> {
  return targetFor((await indicatorOf(ctx, subject.indicatorCode)).targets, subject.to);
}

const CoverageStatus = builder.enumType('CoverageStatus', {
  description: 'How a coverage stands against its target.',
  values: {
    MET: { description: 'The ratio reaches the target (đạt).' },
    BELOW_TARGET: { description: 'The ratio is below the target (chưa đạt).' },
    NO_TARGET: { description: 'No target is set for the year (không có mục tiêu).' },
    NO_DATA: { description: 'The denominator is empty: nothing to count (không có dữ liệu).' },
  } as const,
});

const Breakdown = builder.enumType('BreakdownDimension', {
  description: 'How to split a coverage into groups.',
  values: {
    CHILD_UNITS: { description: 'By the units directly below (đơn vị trực thuộc), plus the unit itself when it counts.' },
    FIELD: { description: 'By field (lĩnh vực), for indicators that count models.' },
    UNIT_KIND: { description: 'By kind of unit (loại đơn vị).' },
  } as const,
});

const RelativePeriod = builder.enumType('RelativePeriod', {
  description: 'A period relative to the current year, as DHIS2 names them.',
  values: {
    THIS_YEAR: { description: 'The current year (năm nay).' },
    LAST_YEAR: { description: 'The year before (năm trước).' },
    LAST_5_YEARS: { description: 'The five years before the current one.' },
    LAST_10_YEARS: { description: 'The ten years before the current one.' },
  } as const,
});

const PeriodInput = builder.inputType('PeriodInput', {
  description: 'A year, a range of years (from–to), or a relative period: exactly one of the three.',
  fields: (t) => ({
    year: t.int({ description: 'One year (năm).' }),
    from: t.int({ description: 'First year of a range (with `to`).' }),
    to: t.int({ description: 'Last year of a range (with `from`).' }),
    relative: t.field({ type: RelativePeriod, description: 'A period relative to the current year.' }),
  }),
});

function resolvePeriod(
  period: { year?: number | null; from?: number | null; to?: number | null; relative?: string | null },
  today: Date,
): { from: number; to: number } {
  const forms = [period.year != null, period.from != null || period.to != null, period.relative != null].filter(Boolean).length;
  if (forms !== 1) throw new InputError('period: give exactly one of `year`, `from` and `to`, or `relative`');
  if (period.year != null) return { from: checkYear('period.year', period.year), to: period.year };
  if (period.relative != null) {
    const current = today.getUTCFullYear();
    const span = { THIS_YEAR: [0, 0], LAST_YEAR: [1, 1], LAST_5_YEARS: [5, 1], LAST_10_YEARS: [10, 1] }[period.relative]!;
    return { from: current - span[0]!, to: current - span[1]! };
  }
  if (period.from == null || period.to == null) throw new InputError('period: a range needs both `from` and `to`');
  return yearRange('period', period.from, period.to);
}

function yearRange(name: string, from: number, to: number) {
  checkYear(`${name}.from`, from);
  checkYear(`${name}.to`, to);
  if (from > to) throw new InputError(`${name}: from (${from}) is after to (${to})`);
  if (to - from + 1 > MAX_YEARS) throw new InputError(`${name}: at most ${MAX_YEARS} years, got ${to - from + 1}`);
  return { from, to };
}

const CoverageGroup = builder.objectRef<NonNullable<CoverageSubject['group']>>('CoverageGroup').implement({
  description: 'The group of a breakdown a coverage answers for.',
  fields: (t) => ({
    by: t.field({ type: Breakdown, description: 'The breakdown it belongs to.', resolve: (group) => group.by }),
    label: t.field({ type: WordsRef, description: 'Its name, for charts and tables.', resolve: (group) => group.label }),
    isUnitItself: t.boolean({
      description: 'In a breakdown by child units: the group of the unit itself (a district counts among its own plans).',
      resolve: (group) => group.self === true,
    }),
    unitKind: t.field({ type: UnitKind, nullable: true, description: 'The kind of unit, in a breakdown by kind.', resolve: (group) => group.kind ?? null }),
    fieldCode: t.string({
      nullable: true,
      description: 'The field code, in a breakdown by field.',
      resolve: async (group, _args, ctx) => (await ctx.facts.fields()).find((field) => field.id === group.fieldId)?.code ?? null,
    }),
  }),
});

const MissingItem = builder.objectRef<{ unitId: number; modelId?: number }>('MissingItem').implement({
  description: 'A member of the denominator not in the numerator: a unit, or a model with the unit answering for it.',
  fields: (t) => ({
    unit: t.field({
      type: Unit,
      description: 'The unit (for a model: the unit that answers for it in the year).',
      resolve: (item, _args, ctx) => ctx.db.unit.findUniqueOrThrow({ where: { id: item.unitId } }),
    }),
    model: t.field({
      type: Model,
      nullable: true,
      description: 'The model, when the indicator counts models.',
      resolve: (item, _args, ctx) => (item.modelId === undefined ? null : ctx.db.model.findUniqueOrThrow({ where: { id: item.modelId } })),
    }),
  }),
});

export const Coverage = builder.objectRef<CoverageSubject>('Coverage');

Coverage.implement({
  description: 'How far an indicator is met for a unit in a period (the numbers are those of the period’s last year, on the tree as it stood then).',
  fields: (t) => ({
    indicator: t.field({
      type: Indicator,
      description: 'The indicator.',
      resolve: (subject, _args, ctx) => indicatorOf(ctx, subject.indicatorCode),
    }),
    unit: t.field({ type: Unit, description: 'The unit.', resolve: (subject, _args, ctx) => ctx.db.unit.findUniqueOrThrow({ where: { id: subject.unitId } }) }),
    from: t.int({ description: 'First year of the period.', resolve: (subject) => subject.from }),
    to: t.int({ description: 'Last year of the period.', resolve: (subject) => subject.to }),
    year: t.int({ description: 'The year the numbers are for: the last of the period.', resolve: (subject) => subject.to }),
    asOf: t.field({
      type: 'Date',
      description:
        'The day the unit tree is read on: 31 December, or the unit’s last day if it ended that year. A breakdown’s groups are read on their parent’s day, so that they add up to it.',
      resolve: async (subject, _args, ctx) => (await numbersOf(ctx, subject)).day,
    }),
    counts: t.field({
      type: CountedThing,
      description: 'What the numerator and denominator count.',
      resolve: async (subject, _args, ctx) => countedThings((await indicatorOf(ctx, subject.indicatorCode)).parsed),
    }),
    numerator: t.int({
      description: 'How many meet the indicator (tử số).',
      resolve: async (subject, _args, ctx) => (await numbersOf(ctx, subject)).numerator,
    }),
    denominator: t.int({ description: 'How many are counted (mẫu số).', resolve: async (subject, _args, ctx) => (await numbersOf(ctx, subject)).denominator }),
    records: t.int({
      description:
        'How many of the year’s records the numbers rest on: the evaluations of the models counted (their registrations, for an indicator that reads no rating), the plans, survey results or new-rural statuses of the units counted. 0 with a denominator means the year is not reported (yet): its ratio says nothing, and is not a 0 %. See docs/indicators.md.',
      resolve: async (subject, _args, ctx) => (await numbersOf(ctx, subject)).records,
    }),
    ratio: t.float({
      nullable: true,
      description: 'numerator / denominator, between 0 and 1; null when the denominator is empty.',
      resolve: (subject, _args, ctx) => ratioOf(ctx, subject),
    }),
    target: t.float({
      nullable: true,
      description: 'The target for the year, between 0 and 1; null when none is set.',
      resolve: (subject, _args, ctx) => targetOf(ctx, subject),
    }),
    gap: t.float({
      nullable: true,
      description: 'How far the ratio falls short of the target (target − ratio), 0 when it is met; null without a target or data.',
      resolve: async (subject, _args, ctx) => {
        const [ratio, target] = await Promise.all([ratioOf(ctx, subject), targetOf(ctx, subject)]);
        return ratio === null || target === null ? null : Math.max(0, target - ratio);
      },
    }),
    shortfall: t.int({
      nullable: true,
      description: 'How many more must meet the indicator to reach the target (e.g. 14 more communes); null without a target or data.',
      resolve: async (subject, _args, ctx) => {
        const [{ numerator, denominator }, target] = await Promise.all([numbersOf(ctx, subject), targetOf(ctx, subject)]);
        return denominator === 0 || target === null ? null : shortfall(numerator, denominator, target);
      },
    }),
    status: t.field({
      type: CoverageStatus,
      description: 'How the coverage stands against the target.',
      resolve: async (subject, _args, ctx) => {
        const [ratio, target] = await Promise.all([ratioOf(ctx, subject), targetOf(ctx, subject)]);
        if (ratio === null) return 'NO_DATA';
        if (target === null) return 'NO_TARGET';
        return reaches(ratio, target) ? 'MET' : 'BELOW_TARGET';
      },
    }),
    definition: t.field({
      type: WordsRef,
      description: 'The indicator’s definition in words.',
      resolve: async (subject, _args, ctx) => definitionInWords(ctx, (await indicatorOf(ctx, subject.indicatorCode)).parsed),
    }),
    group: t.field({
      type: CoverageGroup,
      nullable: true,
      description: 'The breakdown group this coverage answers for; null outside a breakdown.',
      resolve: (subject) => subject.group ?? null,
    }),
    missing: t.connection(
      {
        type: MissingItem,
        description:
          'Members of the denominator not in the numerator, to act on: units by code, or models by the code of the unit answering for them, then by id. Empty for ratios of sums such as satisfaction.',
        resolve: async (subject, args, ctx) => {
          checkPage(args, 'offset');
          const numbers = await numbersOf(ctx, subject);
          const indicator = await indicatorOf(ctx, subject.indicatorCode);
          const definition = indicator.parsed;
          const totalCount = countedThings(definition) === 'RESPONDENTS' ? 0 : numbers.denominator - numbers.numerator;
          const connection = await resolveOffsetConnection({ args }, ({ offset, limit }) =>
            missingPage(ctx.facts, { numbers, definition, year: subject.to, fieldId: subject.restriction.fieldId }, offset, limit),
          );
          return { ...connection, totalCount };
        },
      },
      {
        name: 'MissingConnection',
        description: 'A page of missing members.',
        fields: (connection) => ({
          totalCount: connection.int({ description: 'How many are missing, over all pages (denominator − numerator).', resolve: (page) => page.totalCount }),
        }),
      },
    ),
    breakdown: t.field({
      type: [Coverage],
      description: 'One coverage per group. Numerators and denominators of child units and unit kinds add up to this coverage’s.',
      args: { by: t.arg({ type: Breakdown, required: true, description: 'How to split.' }) },
      resolve: (subject, { by }, ctx) => breakdown(ctx, subject, by),
    }),
    yearBefore: t.field({
      type: Coverage,
      nullable: true,
      description:
        'The same coverage a year earlier, to show its change: for a breakdown’s group, the same unit’s group (read on the parent’s day of that year). Null in the first year the API accepts, and when the unit lay outside the viewer’s area that year (it moved in since): a view of this year is not refused for it.',
      resolve: async (subject, _args, ctx) => {
        const year = subject.to - 1;
        if (year < FIRST_YEAR || !(await ctx.scope.covers(subject.unitId, year))) return null;
        return { ...subject, from: year, to: year, numbers: undefined };
      },
    }),
    series: t.field({
      type: [Coverage],
      description: 'One coverage per year, oldest first (by default the ten years ending with this one).',
      args: {
        from: t.arg.int({ description: 'First year (defaults to nine years before this one).' }),
        to: t.arg.int({ description: 'Last year (defaults to this one).' }),
      },
      resolve: async (subject, args, ctx) => {
        // The default span starts no earlier than the first year the API accepts.
        const range = yearRange('series', args.from ?? Math.max(FIRST_YEAR, subject.to - 9), args.to ?? subject.to);
        // A unit within the viewer's area this year may have been outside it in another (it moved).
        for (let year = range.from; year <= range.to; year++) await ctx.scope.require(subject.unitId, year);
        return seriesOf(subject, range);
      },
    }),
  }),
});

/** The subject's coverage for each year of the range, oldest first. */
export function seriesOf(subject: CoverageSubject, range: { from: number; to: number }): CoverageSubject[] {
  return Array.from({ length: range.to - range.from + 1 }, (_, index) => ({
    ...subject,
    from: range.from + index,
    to: range.from + index,
    numbers: undefined,
  }));
}

async function breakdown(ctx: Context, subject: CoverageSubject, by: BreakdownDimension): Promise<CoverageSubject[]> {
  const tree = await ctx.facts.tree();
  const { parsed } = await indicatorOf(ctx, subject.indicatorCode);
  const group = (restriction: Restriction, unitId: number, details: NonNullable<CoverageSubject['group']>): CoverageSubject => ({
    indicatorCode: subject.indicatorCode,
    unitId,
    root: subject.root,
    from: subject.to,
    to: subject.to,
    restriction: { ...subject.restriction, ...restriction },
    group: details,
  });
  if (by === 'CHILD_UNITS') {
    const unit = tree.unit(subject.unitId);
    // Every group on the parent's day, so that the groups add up to it (Restriction.dayOf says why).
    const dayOf = subject.restriction.dayOf ?? unit.id;
    const children = subject.restriction.selfOnly ? [] : tree.children(unit.id, referenceDay(subject.to, tree.unit(dayOf)));
    const self = group({ selfOnly: true, dayOf }, unit.id, {
      by,
      label: { vi: `${unit.name} (bản thân đơn vị)`, en: `${unit.name} (the unit itself)` },
      unitId: unit.id,
      self: true,
    });
    const groups = children.map((child) => group({ dayOf }, child.id, { by, label: { vi: child.name, en: child.name }, unitId: child.id }));
    return (await numbersOf(ctx, self)).denominator > 0 ? [self, ...groups] : groups;
  }
  if (by === 'FIELD') {
    const { fieldsCounted } = measureOf(parsed);
    if (!fieldsCounted) return [];
    const wanted = fieldsCounted(parsed);
    const fields = (await ctx.facts.fields()).filter((field) => fieldInUse(field, subject.to) && (!wanted || wanted.includes(field.code)));
    return fields.map((field) => group({ fieldId: field.id }, subject.unitId, { by, label: { vi: field.nameVi, en: field.nameEn }, fieldId: field.id }));
  }
  const kinds = Object.keys(unitKindNames) as UnitKindValue[];
  const groups = kinds.map((kind) => group({ kind }, subject.unitId, { by, label: unitKindNames[kind], kind }));
  const counted = await Promise.all(groups.map(async (candidate) => (await numbersOf(ctx, candidate)).denominator > 0));
  return groups.filter((_, index) => counted[index]);
}

/**
 * The coverage for an indicator code and unit code, or null when either names nothing. Unchecked: an
 * embed token's grant is its own authority (./embed.ts); everyone else goes through `coverageFor`.
 */
export async function coverageOf(ctx: Context, indicatorCode: string, unitCode: string, period: { from: number; to: number }): Promise<CoverageSubject | null> {
  const [indicators, tree] = await Promise.all([ctx.facts.indicators(), ctx.facts.tree()]);
  const unit = tree.byCode(unitCode);
  if (!unit || !indicators.some((indicator) => indicator.code === indicatorCode)) return null;
  return { indicatorCode, unitId: unit.id, root: unit.id, ...period, restriction: {} };
}

/** The coverage, if the unit is within the viewer's area in the period's year. */
async function coverageFor(ctx: Context, indicatorCode: string, unitCode: string, period: { from: number; to: number }): Promise<CoverageSubject | null> {
  const subject = await coverageOf(ctx, indicatorCode, unitCode, period);
  if (subject) await ctx.scope.require(subject.unitId, period.to);
  return subject;
}

const Dashboard = builder.objectRef<{ unitId: number; year: number; coverages: CoverageSubject[] }>('Dashboard').implement({
  description: 'Every indicator’s coverage for a unit and year: a whole dashboard in one operation.',
  fields: (t) => ({
    unit: t.field({
      type: Unit,
      description: 'The unit.',
      resolve: (dashboard, _args, ctx) => ctx.db.unit.findUniqueOrThrow({ where: { id: dashboard.unitId } }),
    }),
    year: t.int({ description: 'The year.', resolve: (dashboard) => dashboard.year }),
    asOf: t.field({
      type: 'Date',
      description: 'The day the unit tree is read on: 31 December, or the unit’s last day if it ended that year.',
      resolve: async (dashboard, _args, ctx) => referenceDay(dashboard.year, (await ctx.facts.tree()).unit(dashboard.unitId)),
    }),
    ancestors: t.field({
      type: [Unit],
      description: 'The units above on that day, from the top of the tree down to the parent (the breadcrumb).',
      resolve: async (dashboard, _args, ctx) => {
        const tree = await ctx.facts.tree();
        const chain = tree.ancestors(dashboard.unitId, referenceDay(dashboard.year, tree.unit(dashboard.unitId))).map((unit) => unit.id);
        const rows = await ctx.db.unit.findMany({ where: { id: { in: chain } } });
        return chain.map((id) => rows.find((row) => row.id === id)!);
      },
    }),
    coverages: t.field({ type: [Coverage], description: 'One coverage per indicator, in dashboard order.', resolve: (dashboard) => dashboard.coverages }),
  }),
});

builder.queryFields((t) => ({
  coverage: t.field({
    authScopes: { signedIn: true },
    type: Coverage,
    nullable: true,
    description: 'How far an indicator is met for a unit in a period; null when the indicator or unit code names nothing.',
    args: {
      indicator: t.arg.string({ required: true, description: 'Indicator code, e.g. "COMMUNE_NTM_EFFECTIVE".' }),
      unit: t.arg.string({ required: true, description: 'Unit code, e.g. "06".' }),
      period: t.arg({ type: PeriodInput, required: true, description: 'The period: a year, a range or a relative period.' }),
    },
    resolve: (_root, args, ctx) => coverageFor(ctx, args.indicator, args.unit, resolvePeriod(args.period, ctx.today)),
  }),
  dashboard: t.field({
    authScopes: { signedIn: true },
    type: Dashboard,
    nullable: true,
    description: 'Every indicator’s coverage for a unit and year, in one operation; null when the unit code names nothing.',
    args: {
      unit: t.arg.string({ required: true, description: 'Unit code, e.g. "06".' }),
      year: t.arg.int({ required: true, description: 'The year.' }),
    },
    resolve: async (_root, args, ctx) => {
      const year = checkYear('year', args.year);
      const [indicators, tree] = await Promise.all([ctx.facts.indicators(), ctx.facts.tree()]);
      const unit = tree.byCode(args.unit);
      if (!unit) return null;
      await ctx.scope.require(unit.id, year);
      return {
        unitId: unit.id,
        year,
        coverages: indicators.map((indicator) => ({ indicatorCode: indicator.code, unitId: unit.id, root: unit.id, from: year, to: year, restriction: {} })),
      };
    },
  }),
}));

builder.prismaObjectField('Unit', 'coverage', (t) =>
  t.field({
    type: Coverage,
    nullable: true,
    description: 'How far an indicator is met for this unit in a period; null when the indicator code names nothing.',
    args: {
      indicator: t.arg.string({ required: true, description: 'Indicator code.' }),
      period: t.arg({ type: PeriodInput, required: true, description: 'The period: a year, a range or a relative period.' }),
    },
    resolve: (unit, args, ctx) => coverageFor(ctx, args.indicator, unit.code, resolvePeriod(args.period, ctx.today)),
  }),
);

builder.prismaObjectField('Indicator', 'coverage', (t) =>
  t.field({
    type: Coverage,
    nullable: true,
    description: 'How far this indicator is met for a unit in a period; null when the unit code names nothing.',
    args: {
      unit: t.arg.string({ required: true, description: 'Unit code.' }),
      period: t.arg({ type: PeriodInput, required: true, description: 'The period: a year, a range or a relative period.' }),
    },
    resolve: (indicator, args, ctx) => coverageFor(ctx, indicator.code, args.unit, resolvePeriod(args.period, ctx.today)),
  }),
);
