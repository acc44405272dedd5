// What the two measures of models share: a model's weight by its field and traits, for the fields the
// facts carry (../model-predicates.ts).
import type { Facts } from '../../analytics/facts.ts';
import type { ModelCondition, ModelFilter } from '../model-filter.ts';
import { modelWeights } from '../model-predicates.ts';

/** The filter's (and condition's) weight of a model by its field and traits (`modelWeights`), for the fields of the facts. */
export async function weightsOf(
  facts: Facts,
  fieldIds: number[],
  filter: ModelFilter,
  fieldId: number | undefined,
  condition?: ModelCondition,
): Promise<Uint8Array> {
  const codes = new Map((await facts.fields()).map((field) => [field.id, field.code]));
  return modelWeights(
    filter,
    condition,
    fieldIds.map((id) => codes.get(id) ?? ''),
    fieldId === undefined ? undefined : (codes.get(fieldId) ?? ''),
  );
}
