// A definition's model filter and condition, read off grouped model facts. The SQL that lists the models
// missing from a numerator (src/analytics/sql/models-not-meeting.ts) says the same in SQL; the consistency
// tests hold the two together (numerator + missing = denominator, page by page).
import type { ModelFact } from '../analytics/sql/model-facts.ts';
import type { ModelCondition, ModelFilter } from './definition.ts';

export function matchesFilter(fact: ModelFact, filter: ModelFilter, fieldCodes: Map<number, string>): boolean {
  return (
    (!filter.fields || filter.fields.includes(fieldCodes.get(fact.fieldId) ?? '')) &&
    (!filter.modelKinds || filter.modelKinds.includes(fact.kind)) &&
    (!filter.ratings || (fact.rating !== null && filter.ratings.includes(fact.rating)))
  );
}

export function meetsCondition(fact: ModelFact, condition: ModelCondition): boolean {
  if ('evaluated' in condition) return fact.rating !== null;
  if ('recommendedForReplication' in condition) return fact.recommendedForReplication;
  return fact.rating !== null && condition.ratings.includes(fact.rating);
}
