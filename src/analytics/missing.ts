// A page of a coverage's `missing` list: the members of the denominator not in the numerator. Units are
// listed by code; models by the code of the unit answering for them, then by id. Both walk the units whose
// own numbers fall short (CoverageNumbers.missingRows, from the kept tallies), so a page reads the models
// of the few units it reaches, never all of a province's.
import type { Database } from '../db/client.ts';
import { type Definition, measureOf } from '../indicators/definition.ts';
import type { CoverageNumbers } from './coverage.ts';
import { modelsNotMeeting } from './sql/models-not-meeting.ts';
import type { UnitTree } from '../units/unit-tree.ts';

export interface MissingItem {
  unitId: number;
  modelId?: number;
}

export async function missingPage(
  db: Database,
  tree: UnitTree,
  coverage: { numbers: CoverageNumbers; definition: Definition; year: number; fieldId?: number },
  offset: number,
  limit: number,
): Promise<MissingItem[]> {
  const { numbers, definition } = coverage;
  const measure = measureOf(definition);
  // A ratio of sums (satisfied respondents) has no members to list.
  if (limit === 0 || measure.counts === 'RESPONDENTS') return [];
  const rows = await numbers.missingRows(offset + limit);
  const models = measure.modelsMissing?.(definition);
  if (!models) return rows.slice(offset, offset + limit).map((row) => ({ unitId: row.unitId }));
  // The units whose models the page spans; `before` models belong to the units ahead of them.
  const reached: number[] = [];
  let before = 0;
  let upTo = 0;
  for (const row of rows) {
    if (upTo >= offset + limit) break;
    upTo += row.missing;
    if (upTo <= offset) before = upTo;
    else reached.push(row.unitId);
  }
  const missing = await modelsNotMeeting(db, {
    year: coverage.year,
    ownerIds: [...tree.accountableTo(reached, numbers.day)],
    fieldId: coverage.fieldId,
    ...models,
  });
  const answering = (model: { unitId: number }) => tree.accountableOn(model.unitId, numbers.day);
  const items = reached.flatMap((unitId) => missing.filter((model) => answering(model) === unitId).map((model) => ({ unitId, modelId: model.id })));
  return items.slice(offset - before, offset - before + limit);
}
