// A definition's model filter and condition, read off a model's field and traits in a year
// (src/analytics/sql/model-facts.ts). The SQL that lists the models missing from a numerator
// (src/analytics/sql/models-not-meeting.ts) says the same in SQL; the consistency tests hold the two
// together (numerator + missing = denominator, page by page).
import type { EvaluationRating, ModelKind } from '../generated/sqlite/client.ts';
import type { ModelCondition, ModelFilter } from './model-filter.ts';

/**
 * A model's traits in a year, four bits: the rating of its evaluation (0 when it was not reviewed, else
 * 1 + its index in RATINGS), 4 when recommended for replication, 8 when an exemplar.
 */
export const TRAITS = 16;
export const RATINGS: readonly EvaluationRating[] = ['NOT_EFFECTIVE', 'EFFECTIVE', 'OUTSTANDING'];
export const REPLICATED = 4;
export const EXEMPLAR = 8;
/** What a model's traits say. */
function traitsOf(traits: number): { kind: ModelKind; rating: EvaluationRating | null; recommendedForReplication: boolean } {
  return {
    kind: traits & EXEMPLAR ? 'EXEMPLAR' : 'MODEL',
    rating: RATINGS[(traits & 3) - 1] ?? null,
    recommendedForReplication: (traits & REPLICATED) !== 0,
  };
}

/** Whether a model's traits of the year hold an evaluation (a rating). */
export const reviewed = (traits: number) => (traits & 3) !== 0;

/** A model's weight: it counts (matches the filter), and it meets the condition too. */
const COUNTS = 1;
export const MEETS = 2;

/**
 * The weight of a model by its field and traits (the index `fieldIndex * TRAITS + traits`, as the facts
 * carry it): the filter's and the condition's answers, worked out once for each of the few combinations
 * instead of once for each of a country's million models. `fieldCodes`: the code of each field index;
 * `onlyField`, the one field that counts when a coverage is restricted to it.
 */
export function modelWeights(filter: ModelFilter, condition: ModelCondition | undefined, fieldCodes: string[], onlyField?: string): Uint8Array {
  const weights = new Uint8Array(fieldCodes.length * TRAITS);
  fieldCodes.forEach((fieldCode, fieldIndex) => {
    if (onlyField !== undefined && fieldCode !== onlyField) return;
    for (let traits = 0; traits < TRAITS; traits++) {
      const model = { fieldCode, ...traitsOf(traits) };
      if (matchesFilter(model, filter)) weights[fieldIndex * TRAITS + traits] = COUNTS | (condition && meetsCondition(model, condition) ? MEETS : 0);
    }
  });
  return weights;
}

type Model = { fieldCode: string } & ReturnType<typeof traitsOf>;

function matchesFilter(model: Model, filter: ModelFilter): boolean {
  return (
    (!filter.fields || filter.fields.includes(model.fieldCode)) &&
    (!filter.modelKinds || filter.modelKinds.includes(model.kind)) &&
    (!filter.ratings || (model.rating !== null && filter.ratings.includes(model.rating)))
  );
}

function meetsCondition(model: Model, condition: ModelCondition): boolean {
  if ('evaluated' in condition) return model.rating !== null;
  if ('recommendedForReplication' in condition) return model.recommendedForReplication;
  return model.rating !== null && condition.ratings.includes(model.rating);
}
