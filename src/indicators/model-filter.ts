// The parts of the definition language that several measures share: which units a measure counts, which
// models count, and what a model must meet in the year. Each measure's own schema (./measures/) is built
// from them; the analytics read the model filter and condition (model-predicates.ts, the SQL of
// src/analytics/sql/) by these types.
import { z } from 'zod';

const unitKind = z.enum(['PROVINCE', 'DISTRICT', 'COMMUNE', 'WARD', 'TOWNSHIP', 'AGENCY', 'PARTY_ORGANISATION', 'MASS_ORGANISATION', 'FRONT']);
const rating = z.enum(['OUTSTANDING', 'EFFECTIVE', 'NOT_EFFECTIVE']);
const fieldCode = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'a field code is upper case letters, digits and underscores');

/** Which models count: active in the year, and optionally of some fields, kinds or ratings that year. */
export const modelFilter = z
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
export const modelCondition = z.union([
  z.object({ evaluated: z.literal(true) }).strict(),
  z.object({ recommendedForReplication: z.literal(true) }).strict(),
  z.object({ ratings: z.array(rating).min(1) }).strict(),
]);

/** The kinds of unit a measure of units counts. */
export const population = z.array(unitKind).min(1);

export type ModelFilter = z.infer<typeof modelFilter>;
export type ModelCondition = z.infer<typeof modelCondition>;
