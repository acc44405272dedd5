// Models active in each year asked, counted per owning unit, field, kind and that year's evaluation
// (rating, replication). One grouped scan serves every indicator that counts models: their filters and
// conditions are then read off these groups (src/indicators/model-predicates.ts).
import type { Database } from '../../db/client.ts';
import { Prisma, type EvaluationRating, type ModelKind } from '../../generated/sqlite/client.ts';
import { ownedBy, yearsTable } from './fragments.ts';

export interface ModelFact {
  ownerId: number;
  year: number;
  fieldId: number;
  kind: ModelKind;
  /** The rating of the year's evaluation; null when the model was not reviewed that year. */
  rating: EvaluationRating | null;
  recommendedForReplication: boolean;
  models: number;
}

/** With `owners`, only the models those units registered (the subtree a coverage was asked for). */
export async function modelFacts(db: Database, years: number[], owners?: number[]): Promise<ModelFact[]> {
  if (owners?.length === 0) return [];
  const rows = await db.$queryRaw<(Omit<ModelFact, 'models' | 'recommendedForReplication'> & { models: bigint | number; recommendedForReplication: boolean | number | null })[]>`
    WITH RECURSIVE ${yearsTable(years)}
    SELECT m."unitId" AS "ownerId", years.y AS "year", m."fieldId" AS "fieldId", m.kind AS "kind",
           e.rating AS "rating", e."recommendedForReplication" AS "recommendedForReplication", COUNT(*) AS "models"
    FROM years
    JOIN "Model" m ON m."startYear" <= years.y AND (m."endYear" IS NULL OR m."endYear" >= years.y)
    LEFT JOIN "Evaluation" e ON e."modelId" = m.id AND e.year = years.y
    WHERE years.y IN (${Prisma.join(years)}) ${ownedBy(Prisma.sql`m."unitId"`, owners)}
    GROUP BY m."unitId", years.y, m."fieldId", m.kind, e.rating, e."recommendedForReplication"`;
  return rows.map((row) => ({
    ...row,
    year: Number(row.year),
    recommendedForReplication: Boolean(row.recommendedForReplication),
    models: Number(row.models),
  }));
}
