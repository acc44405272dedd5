// The models of a population that do not meet an indicator's condition in a year: the `missing` list of
// MODELS_MEETING indicators ("these 23 models were not reviewed in 2019"), one page at a time.
import type { Database } from '../../db/client.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import type { ModelCondition, ModelFilter } from '../../indicators/definition.ts';
import { conditionSql, MAX_NAMED_OWNERS, modelFilterSql, ownedBy } from './fragments.ts';

type Page = { year: number; ownerIds: number[]; fieldId?: number; filter: ModelFilter; condition: ModelCondition; offset: number; limit: number };

export async function modelsNotMeeting(db: Database, page: Page): Promise<{ id: number; unitId: number }[]> {
  if (page.ownerIds.length === 0 || page.limit === 0) return [];
  if (page.ownerIds.length <= MAX_NAMED_OWNERS) return modelsPage(db, page);
  // Too many owners to name (a whole country): read by id and keep the owners', until the page is full.
  const owners = new Set(page.ownerIds);
  const found: { id: number; unitId: number }[] = [];
  const batch = 10 * (page.offset + page.limit);
  for (let offset = 0; found.length < page.offset + page.limit; offset += batch) {
    const rows = await modelsPage(db, { ...page, offset, limit: batch });
    found.push(...rows.filter((row) => owners.has(row.unitId)));
    if (rows.length < batch) break;
  }
  return found.slice(page.offset, page.offset + page.limit);
}

function modelsPage(db: Database, page: Page): Promise<{ id: number; unitId: number }[]> {
  const { year } = page;
  const where = [
    Prisma.sql`m."startYear" <= ${year} AND (m."endYear" IS NULL OR m."endYear" >= ${year}) ${ownedBy(Prisma.sql`m."unitId"`, page.ownerIds)}`,
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
