// Respondents and satisfied respondents per unit, for each year asked. Feeds SATISFIED_RESPONDENTS.
import type { Database } from '../../db/client.ts';
import { Prisma } from '../../generated/sqlite/client.ts';

export async function surveySums(db: Database, years: number[]): Promise<{ ownerId: number; year: number; respondents: number; satisfied: number }[]> {
  const rows = await db.$queryRaw<{ ownerId: number; year: number; respondents: bigint | number; satisfied: bigint | number }[]>`
    SELECT "unitId" AS "ownerId", year, SUM(respondents) AS respondents, SUM(satisfied) AS satisfied
    FROM "SatisfactionSurvey" WHERE year IN (${Prisma.join(years)})
    GROUP BY "unitId", year`;
  return rows.map((row) => ({ ...row, respondents: Number(row.respondents), satisfied: Number(row.satisfied) }));
}
