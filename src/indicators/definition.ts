// The declarative language of indicator definitions. A definition is stored as JSON beside the indicator,
// validated here before it is stored or used, and only ever interpreted by the analytics readers: no user
// text reaches SQL.
import { z } from 'zod';

const unitKind = z.enum(['PROVINCE', 'DISTRICT', 'COMMUNE', 'WARD', 'TOWNSHIP', 'AGENCY', 'PARTY_ORGANISATION', 'MASS_ORGANISATION', 'FRONT']);
const rating = z.enum(['OUTSTANDING', 'EFFECTIVE', 'NOT_EFFECTIVE']);
const fieldCode = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'a field code is upper case letters, digits and underscores');

/** Which models count: active in the year, and optionally of some fields, kinds or ratings that year. */
const modelFilter = z
  .object({
    fields: z.array(fieldCode).min(1).optional(),
    modelKinds: z
      .array(z.enum(['MODEL', 'EXEMPLAR']))
      .min(1)
      .optional(),
    /** Evaluated in the year with one of these ratings. */
    ratings: z.array(rating).min(1).optional(),
  })
  .strict();

/** A condition on a model in the year, for shares of models. */
const modelCondition = z.union([
  z.object({ evaluated: z.literal(true) }).strict(),
  z.object({ recommendedForReplication: z.literal(true) }).strict(),
  z.object({ ratings: z.array(rating).min(1) }).strict(),
]);

const population = z.array(unitKind).min(1);

export const definitionSchema = z.discriminatedUnion('measure', [
  z
    .object({
      /** Share of units of the given kinds that have at least `minModels` models matching `models`. */
      measure: z.literal('UNITS_WITH_MODELS'),
      unitKinds: population,
      models: modelFilter.default({}),
      minModels: z.number().int().min(1).default(1),
      /** Require the models in every field valid that year (then `minModels` applies per field). */
      inEveryField: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      /** Share of the models matching `models` that also meet `condition`. */
      measure: z.literal('MODELS_MEETING'),
      models: modelFilter.default({}),
      condition: modelCondition,
    })
    .strict(),
  // Share of units of the given kinds with a plan for the year.
  z.object({ measure: z.literal('UNITS_WITH_PLAN'), unitKinds: population }).strict(),
  // Satisfied respondents over respondents: a ratio of two sums.
  z.object({ measure: z.literal('SATISFIED_RESPONDENTS') }).strict(),
  // Share of units recognised as meeting the new-rural standard by the end of the year.
  z.object({ measure: z.literal('NEW_RURAL_RECOGNISED'), unitKinds: population }).strict(),
]);

export type Definition = z.infer<typeof definitionSchema>;
export type ModelFilter = z.infer<typeof modelFilter>;
export type ModelCondition = z.infer<typeof modelCondition>;
export type Measure = Definition['measure'];

/** What a definition counts: units, models or respondents. */
export function countedThings(definition: Definition): 'UNITS' | 'MODELS' | 'RESPONDENTS' {
  if (definition.measure === 'MODELS_MEETING') return 'MODELS';
  if (definition.measure === 'SATISFIED_RESPONDENTS') return 'RESPONDENTS';
  return 'UNITS';
}

/** Parses stored or submitted JSON; the problems name each mistake with its path in the definition. */
export function parseDefinition(input: unknown): { definition: Definition; problems?: undefined } | { problems: string[] } {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return { problems: ['definition: not valid JSON'] };
    }
  }
  const parsed = definitionSchema.safeParse(value);
  if (parsed.success) return { definition: parsed.data };
  return { problems: parsed.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'definition'}: ${issue.message}`) };
}

/** The stored definition, parsed; a stored definition that no longer parses is a server fault. */
export function definitionOf(indicator: { code: string; definition: string }): Definition {
  const parsed = parseDefinition(indicator.definition);
  if (parsed.problems) throw new Error(`stored definition of ${indicator.code} is invalid: ${parsed.problems.join('; ')}`);
  return parsed.definition;
}
