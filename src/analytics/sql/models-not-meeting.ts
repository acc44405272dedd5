// The models of some units that do not meet an indicator's condition in a year: the `missing` list of
// MODELS_MEETING indicators ("these 23 models were not reviewed in 2019"). The list is paged by unit (the
// units whose own numbers fall short, by code, from the kept tallies), so the owners asked here are those
// of the few units a page reaches, never a whole province's.
import type { Database } from '../../db/client.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import type { ModelCondition, ModelFilter } from '../../indicators/model-filter.ts';
import { conditionSql, modelFilterSql, ownedBy } from './fragments.ts';

/** The models asked for: those of these owners, active in the year, of the field if one is given. */
export interface ModelsAsked {
  year: number;
  ownerIds: number[];
  fieldId?: number;
  filter: ModelFilter;
  condition: ModelCondition;
}

export async function modelsNotMeeting(db: Database, units: ModelsAsked): Promise<{ id: number; unitId: number }[]> {
  const { year } = units;
  if (units.ownerIds.length === 0) return [];
  const where = [
    Prisma.sql`m."startYear" <= ${year} AND (m."endYear" IS NULL OR m."endYear" >= ${year}) ${ownedBy(Prisma.sql`m."unitId"`, units.ownerIds)}`,
    ...(units.fieldId === undefined ? [] : [Prisma.sql`m."fieldId" = ${units.fieldId}`]),
    ...modelFilterSql(units.filter),
    Prisma.sql`(CASE WHEN ${conditionSql(units.condition)} THEN 1 ELSE 0 END) = 0`,
  ];
  return db.$queryRaw`
    SELECT m.id, m."unitId" FROM "Model" m
    LEFT JOIN "Evaluation" e ON e."modelId" = m.id AND e.year = ${year}
    WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY m.id`;
}
