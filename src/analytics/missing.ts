// A page of a coverage's `missing` list: the members of the denominator not in the numerator. Units are
// listed by code; models by the code of the unit answering for them, then by id. Both walk the units whose
// own numbers fall short (CoverageNumbers.missingRows, from the kept tallies), so a page reads the models
// of the few units it reaches, never all of a province's.
import DataLoader from 'dataloader';
import { type Definition, measureOf } from '../indicators/definition.ts';
import { getOrMake } from '../lib/maps.ts';
import type { CoverageNumbers } from './coverage.ts';
import type { Facts } from './facts.ts';
import { modelsNotMeeting, type ModelsAsked } from './sql/models-not-meeting.ts';

export interface MissingItem {
  unitId: number;
  modelId?: number;
}

export async function missingPage(
  facts: Facts,
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
  const tree = await facts.tree();
  const missing = await modelsNotMeetingOf(facts, {
    year: coverage.year,
    ownerIds: [...tree.accountableTo(reached, numbers.day)],
    fieldId: coverage.fieldId,
    ...models,
  });
  const answering = (model: { unitId: number }) => tree.accountableOn(model.unitId, numbers.day);
  const items = reached.flatMap((unitId) => missing.filter((model) => answering(model) === unitId).map((model) => ({ unitId, modelId: model.id })));
  return items.slice(offset - before, offset - before + limit);
}

type Model = { id: number; unitId: number };

const modelLoaders = new WeakMap<Facts, DataLoader<ModelsAsked, Model[]>>();

/**
 * The models of some units that do not meet a condition, on the request's facts. The lists asked in one
 * tick with the same year, field and condition (a breakdown's groups) share one statement over all their
 * owners: one per group and indicator took 58 of a district dashboard's 96 statements on PostgreSQL.
 */
function modelsNotMeetingOf(facts: Facts, asked: ModelsAsked): Promise<Model[]> {
  const loader = getOrMake(
    modelLoaders,
    facts,
    () =>
      new DataLoader<ModelsAsked, Model[]>(
        async (asks) => {
          const alike = new Map<string, ModelsAsked[]>();
          for (const ask of asks) {
            const { ownerIds, ...rest } = ask;
            getOrMake(alike, JSON.stringify(rest), () => []).push(ask);
          }
          const answers = new Map<ModelsAsked, Model[]>();
          for (const group of alike.values()) {
            const models = await modelsNotMeeting(facts.db, { ...group[0]!, ownerIds: [...new Set(group.flatMap((ask) => ask.ownerIds))] });
            for (const ask of group) {
              const owners = new Set(ask.ownerIds);
              answers.set(
                ask,
                models.filter((model) => owners.has(model.unitId)),
              );
            }
          }
          return asks.map((ask) => answers.get(ask)!);
        },
        { cache: false, batchScheduleFn: facts.turns.batchSchedule },
      ),
  );
  return loader.load(asked);
}
