// The models of a population that do not meet an indicator's condition in a year: the `missing` list of
// MODELS_MEETING indicators ("these 23 models were not reviewed in 2019"), one page at a time.
import type { Database } from '../../db/client.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import type { ModelCondition, ModelFilter } from '../../indicators/definition.ts';
import { conditionSql, modelFilterSql } from './fragments.ts';

export async function modelsNotMeeting(
  db: Database,
  page: { year: number; ownerIds: number[]; fieldId?: number; filter: ModelFilter; condition: ModelCondition; offset: number; limit: number },
): Promise<{ id: number; unitId: number }[]> {
  const { year, ownerIds } = page;
  if (ownerIds.length === 0 || page.limit === 0) return [];
  const where = [
    Prisma.sql`m."unitId" IN (${Prisma.join(ownerIds)})`,
    Prisma.sql`m."startYear" <= ${year} AND (m."endYear" IS NULL OR m."endYear" >= ${year})`,
    ...(page.fieldId === undefined ? [] : [Prisma.sql`m."fieldId" = ${page.fieldId}`]),
    ...modelFilterSql(page.filter),
    Prisma.sql`(CASE WHEN ${conditionSql(page.condition)} THEN 1 ELSE 0 END) = 0`,
  ];
  return db.$queryRaw`
    SELECT m.id, m."unitId" FROM "Model" m
    LEFT JOIN "Evaluation" e ON e."modelId" = m.id AND e.year = ${year}
    WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY m.id LIMIT ${page.limit} OFFSET ${page.offset}`;
}
