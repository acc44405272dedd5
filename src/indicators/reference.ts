// Reference data (danh mục): the fields (lĩnh vực) and the indicator catalogue. They belong to no unit, so
// only whole-country administrators change them (the write frame refuses anyone else: src/entry/write.ts);
// a field or an indicator is written here, whether one at a time (saveField, saveIndicator) or a whole
// catalogue at once (importCatalogue, loadCataloguePackage, `npm run catalogue`), with the same checks and
// the same audit entries. A catalogue file is JSON: what exportCatalogue writes, importCatalogue takes back
// unchanged (docs/going-live.md).
import { z } from 'zod';
import type { Scope } from '../access/scope.ts';
import type { UnitTree } from '../units/unit-tree.ts';
import type { Database } from '../db/client.ts';
import { problemsOf } from '../entry/checks.ts';
import { fieldModelsOutside, listed } from '../entry/reach.ts';
import { fieldRules, FIELDS } from '../entry/rules.ts';
import { writeFrame, type Writer } from '../entry/write.ts';
import { InvalidInputError, type Problem } from '../errors.ts';
import type { WriteSource } from '../generated/sqlite/client.ts';
import { FIRST_YEAR, LAST_YEAR } from '../entry/rules.ts';
import type { Catalogue, CatalogueField, CatalogueIndicator } from './catalogue.ts';
import { definitionOf, parseDefinition } from './definition.ts';

type Path = (string | number)[];

const CODE = FIELDS.field.code;
const NAME_MAX = FIELDS.field.name.max;
const ORDER = FIELDS.field.sortOrder;
const WORDING_MAX = 1000;
const SOURCE_MAX = 500;
/** A province has a handful of fields and a dozen indicators; these bounds only stop a wrong file early. */
const MAX_FIELDS = 200;
const MAX_INDICATORS = 500;
const MAX_TARGETS = 50;

const inYears = (year: number) => Number.isInteger(year) && year >= FIRST_YEAR && year <= LAST_YEAR;
const yearProblem = (year: number) => `must be a year from ${FIRST_YEAR} to ${LAST_YEAR}, got ${year}`;

function codeProblems(code: string, path: Path): Problem[] {
  return CODE.pattern!.re.test(code) ? [] : [{ path: [...path, 'code'], message: `${JSON.stringify(code)} is not ${CODE.pattern!.en}` }];
}

function textProblems(record: Record<string, unknown>, keys: string[], max: number, path: Path): Problem[] {
  return keys.flatMap((key) => {
    const text = String(record[key] ?? '');
    if (!text.trim()) return [{ path: [...path, key], message: 'must not be empty' }];
    return text.length > max ? [{ path: [...path, key], message: `at most ${max} characters` }] : [];
  });
}

/** What is wrong with a field, each problem at its path. */
export function fieldProblems(field: CatalogueField, path: Path): Problem[] {
  const problems = [...codeProblems(field.code, path), ...textProblems({ ...field }, ['nameVi', 'nameEn'], NAME_MAX, path)];
  for (const key of ['firstYear', 'lastYear'] as const) {
    const year = field[key];
    if (year !== null && !inYears(year)) problems.push({ path: [...path, key], message: yearProblem(year) });
  }
  problems.push(...problemsOf(fieldRules(field), path), ...orderProblems(field.sortOrder, path));
  return problems;
}

function orderProblems(sortOrder: number, path: Path): Problem[] {
  return Number.isInteger(sortOrder) && sortOrder >= ORDER.min && sortOrder <= ORDER.max
    ? []
    : [{ path: [...path, 'sortOrder'], message: `must be ${ORDER.en}, got ${sortOrder}` }];
}

/** An indicator as it is checked and written: its definition as JSON text or as the parsed object. */
export type IndicatorData = Omit<CatalogueIndicator, 'definition'> & { definition: unknown };

/** What is wrong with an indicator, each problem at its path; `knownFields` are the codes its definition may name. */
export function indicatorProblems(indicator: IndicatorData, knownFields: Set<string>, path: Path): Problem[] {
  const problems = [
    ...codeProblems(indicator.code, path),
    ...textProblems({ ...indicator }, ['nameVi', 'nameEn'], NAME_MAX, path),
    ...textProblems({ ...indicator }, ['numeratorVi', 'numeratorEn', 'denominatorVi', 'denominatorEn'], WORDING_MAX, path),
  ];
  const parsed = parseDefinition(indicator.definition);
  if (parsed.problems) {
    // Each problem at its place inside the definition ("unitKinds.0: …"), as `input.definition.unitKinds.0`.
    for (const problem of parsed.problems) {
      const [, where = 'definition', message = problem] = /^(.*?): (.*)$/s.exec(problem) ?? [];
      problems.push({ path: [...path, 'definition', ...(where === 'definition' ? [] : where.split('.'))], message });
    }
  } else if ('models' in parsed.definition && parsed.definition.models.fields) {
    for (const code of parsed.definition.models.fields) {
      if (!knownFields.has(code))
        problems.push({ path: [...path, 'definition', 'models', 'fields'], message: `no field has the code ${JSON.stringify(code)}` });
    }
  }
  problems.push(...orderProblems(indicator.sortOrder, path));
  if (indicator.targets.length > MAX_TARGETS) problems.push({ path: [...path, 'targets'], message: `at most ${MAX_TARGETS} targets` });
  indicator.targets.forEach((target, index) => {
    const at = [...path, 'targets', index];
    if (!(target.value >= 0 && target.value <= 1))
      problems.push({ path: [...at, 'value'], message: `a target is a ratio between 0 and 1, got ${target.value}` });
    if (target.firstYear > target.lastYear) problems.push({ path: at, message: `firstYear ${target.firstYear} is after lastYear ${target.lastYear}` });
    const overlapping = indicator.targets.findIndex(
      (other, otherIndex) => otherIndex < index && other.firstYear <= target.lastYear && target.firstYear <= other.lastYear,
    );
    if (overlapping >= 0) problems.push({ path: at, message: `its years overlap those of targets.${overlapping}; a year has one target` });
    for (const key of ['firstYear', 'lastYear'] as const) if (!inYears(target[key])) problems.push({ path: [...at, key], message: yearProblem(target[key]) });
    if ((target.source ?? '').length > SOURCE_MAX) problems.push({ path: [...at, 'source'], message: `at most ${SOURCE_MAX} characters` });
  });
  return problems;
}

/** An indicator's stored row, without its targets: the definition as compact JSON. */
export function indicatorRow({ targets: _targets, definition, ...indicator }: IndicatorData) {
  return { ...indicator, definition: JSON.stringify(typeof definition === 'string' ? JSON.parse(definition) : definition) };
}

type Outcome = 'created' | 'updated' | 'unchanged';

/**
 * Creates or replaces a field by its code and files the change. A field whose years would leave models
 * registered outside them is refused (a model's field must be in use in its start year, by the rule data
 * entry and the import keep); a field created or given other years may change what COMMUNE_ALL_FIELDS
 * counts, every year: every kept tally is forgotten.
 */
export async function writeField(writer: Writer, field: CatalogueField, path: Path): Promise<{ id: number; outcome: Outcome }> {
  const tx = writer.tx;
  const before = await tx.field.findUnique({ where: { code: field.code } });
  if (before) {
    const outside = await fieldModelsOutside(tx, before.id, field.firstYear, field.lastYear);
    if (outside.length)
      throw new InvalidInputError([
        {
          path: [...path, outside[0]!.startYear < (field.firstYear ?? -Infinity) ? 'firstYear' : 'lastYear'],
          message: `models of this field would start outside its years: ${listed(outside, 'en')}`,
        },
      ]);
  }
  const { code, ...data } = field;
  const after = await tx.field.upsert({ where: { code }, create: field, update: data });
  const changed = await writer.audit({
    entity: 'Field',
    entityKey: code,
    unitId: null,
    recountsAll: !before || before.firstYear !== after.firstYear || before.lastYear !== after.lastYear,
    before,
    after,
  });
  return { id: after.id, outcome: !before ? 'created' : changed ? 'updated' : 'unchanged' };
}

/** Creates or replaces an indicator and its targets by its code (checked first: indicatorProblems), and files the change. */
export async function writeIndicator(writer: Writer, indicator: IndicatorData): Promise<{ id: number; outcome: Outcome }> {
  const tx = writer.tx;
  const data = indicatorRow(indicator);
  const stored = (where: { code: string } | { id: number }) => tx.indicator.findUnique({ where, include: { targets: { orderBy: { firstYear: 'asc' } } } });
  const before = await stored({ code: indicator.code });
  const saved = await tx.indicator.upsert({ where: { code: indicator.code }, create: data, update: data, select: { id: true } });
  await tx.indicatorTarget.deleteMany({ where: { indicatorId: saved.id } });
  await tx.indicatorTarget.createMany({ data: indicator.targets.map((target) => ({ ...target, source: target.source ?? null, indicatorId: saved.id })) });
  // Targets are written anew: compared without their ids, a save that changed nothing files nothing.
  const compared = (row: Awaited<ReturnType<typeof stored>>) => row && { ...row, targets: row.targets.map(({ id: _id, ...target }) => target) };
  // Kept tallies count by the definition alone: a change of target, wording or order keeps them.
  const counts = (row: { code: string; definition: string } | null) => row && JSON.stringify(definitionOf(row));
  const changed = await writer.audit({
    entity: 'Indicator',
    entityKey: indicator.code,
    unitId: null,
    indicatorId: counts(before) !== counts(data) ? saved.id : undefined,
    before: compared(before),
    after: compared(await stored({ id: saved.id })),
  });
  return { id: saved.id, outcome: !before ? 'created' : changed ? 'updated' : 'unchanged' };
}

// The catalogue file.

export const CATALOGUE_FORMAT = 'dan-van-kheo/catalogue';
export const CATALOGUE_VERSION = 1;

const text = z.string();
const year = z.number().int();
const fieldShape = z
  .object({ code: text, nameVi: text, nameEn: text, firstYear: year.nullable(), lastYear: year.nullable(), sortOrder: z.number().int() })
  .strict();
const targetShape = z.object({ value: z.number(), firstYear: year, lastYear: year, source: text.nullable().optional() }).strict();
const indicatorShape = z
  .object({
    code: text,
    nameVi: text,
    nameEn: text,
    numeratorVi: text,
    numeratorEn: text,
    denominatorVi: text,
    denominatorEn: text,
    definition: z.record(z.string(), z.unknown()),
    sortOrder: z.number().int(),
    targets: z.array(targetShape),
  })
  .strict();
/** The shape of a file; what its values must be is fieldProblems' and indicatorProblems'. */
const fileShape = z
  .object({
    format: z.literal(CATALOGUE_FORMAT, { error: `must be "${CATALOGUE_FORMAT}": this is not a catalogue file exported by this product` }),
    version: z.literal(CATALOGUE_VERSION, { error: `must be ${CATALOGUE_VERSION}, the version this server reads` }),
    fields: z.array(fieldShape).max(MAX_FIELDS),
    indicators: z.array(indicatorShape).max(MAX_INDICATORS),
  })
  .strict();

/** The catalogue a file holds, or every problem of it at its path (e.g. indicators.2.targets.0.value). */
export function readCatalogueFile(content: string): Catalogue {
  let value: unknown;
  try {
    // A Windows editor may save the file with a byte order mark.
    value = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InvalidInputError([{ path: ['file'], message: `not valid JSON: ${(error as Error).message}` }]);
  }
  const parsed = fileShape.safeParse(value);
  if (!parsed.success)
    throw new InvalidInputError(parsed.error.issues.map((issue) => ({ path: issue.path.length ? (issue.path as Path) : ['file'], message: issue.message })));
  const { fields, indicators } = parsed.data;
  return {
    fields,
    indicators: indicators.map((indicator) => ({
      ...indicator,
      definition: indicator.definition as CatalogueIndicator['definition'],
      targets: indicator.targets.map((target) => ({ ...target, source: target.source ?? null })),
    })),
  };
}

/** The stored fields and indicators as a catalogue file: ordered, so that two exports of one catalogue are the same bytes. */
export async function exportCatalogue(db: Database): Promise<string> {
  const order = [{ sortOrder: 'asc' as const }, { code: 'asc' as const }];
  const fields = await db.field.findMany({
    orderBy: order,
    select: { code: true, nameVi: true, nameEn: true, firstYear: true, lastYear: true, sortOrder: true },
  });
  const indicators = await db.indicator.findMany({
    orderBy: order,
    include: { targets: { orderBy: { firstYear: 'asc' }, select: { value: true, firstYear: true, lastYear: true, source: true } } },
  });
  const file = {
    format: CATALOGUE_FORMAT,
    version: CATALOGUE_VERSION,
    fields,
    indicators: indicators.map(({ id: _id, definition, sortOrder, targets, ...names }) => ({
      ...names,
      definition: JSON.parse(definition),
      sortOrder,
      targets,
    })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export interface CatalogueCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface CatalogueSummary {
  dryRun: boolean;
  written: boolean;
  fields: CatalogueCounts;
  indicators: CatalogueCounts;
}

export interface CatalogueOptions {
  actor: string;
  source: WriteSource;
  dryRun?: boolean;
  /** The writer's area; absent for the command line, which writes as the operator of the server. */
  scope?: Scope;
  tree?: () => Promise<UnitTree>;
}

/** A catalogue is some hundred statements: more than a mutation's default 5 s on a busy machine, far less than an import's bounds. */
const CATALOGUE_LIMITS = { timeout: 120_000, maxWait: 60_000 };

/** A dry run's answer, thrown to roll its transaction back. */
class DryRun extends Error {
  constructor(readonly summary: CatalogueSummary) {
    super('dry run');
  }
}

/**
 * Writes a catalogue in one write frame, fields first (definitions name them), all of it or nothing. What
 * the catalogue leaves out stays as it is: a catalogue adds and replaces, it never deletes. A dry run does
 * the same writes and rolls them back, so that it answers exactly what the write would do.
 */
export async function writeCatalogue(db: Database, catalogue: Catalogue, options: CatalogueOptions): Promise<CatalogueSummary> {
  const duplicates = (records: { code: string }[], list: string): Problem[] =>
    records.flatMap((record, index) => {
      const first = records.findIndex((other) => other.code === record.code);
      return first < index ? [{ path: [list, index, 'code'], message: `${record.code} is also ${list}.${first}'s code` }] : [];
    });
  const problems = [
    ...duplicates(catalogue.fields, 'fields'),
    ...duplicates(catalogue.indicators, 'indicators'),
    ...catalogue.fields.flatMap((field, index) => fieldProblems(field, ['fields', index])),
  ];
  const counts = (): CatalogueCounts => ({ created: 0, updated: 0, unchanged: 0 });
  const summary: CatalogueSummary = { dryRun: options.dryRun ?? false, written: false, fields: counts(), indicators: counts() };
  try {
    await writeFrame(
      db,
      { actor: options.actor, source: options.source, scope: options.scope, tree: options.tree },
      async (writer) => {
        const known = new Set([
          ...(await writer.tx.field.findMany({ select: { code: true } })).map((field) => field.code),
          ...catalogue.fields.map((field) => field.code),
        ]);
        problems.push(...catalogue.indicators.flatMap((indicator, index) => indicatorProblems(indicator, known, ['indicators', index])));
        if (problems.length) throw new InvalidInputError(problems);
        for (const [index, field] of catalogue.fields.entries()) summary.fields[(await writeField(writer, field, ['fields', index])).outcome]++;
        for (const indicator of catalogue.indicators) summary.indicators[(await writeIndicator(writer, indicator)).outcome]++;
        if (summary.dryRun) throw new DryRun(summary);
        summary.written = true;
      },
      CATALOGUE_LIMITS,
    );
  } catch (error) {
    if (error instanceof DryRun) return error.summary;
    throw error;
  }
  return summary;
}
