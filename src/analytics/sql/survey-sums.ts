// Respondents and satisfied respondents per unit, for each year asked. Feeds SATISFIED_RESPONDENTS.
import type { Database } from '../../db/client.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import { ownedBy } from './fragments.ts';

export async function surveySums(
  db: Database,
  years: number[],
  owners?: number[],
): Promise<{ ownerId: number; year: number; respondents: number; satisfied: number }[]> {
  if (owners?.length === 0) return [];
  const rows = await db.$queryRaw<{ ownerId: number; year: number; respondents: bigint | number; satisfied: bigint | number }[]>`
    SELECT "unitId" AS "ownerId", year, SUM(respondents) AS respondents, SUM(satisfied) AS satisfied
    FROM "SatisfactionSurvey" WHERE year IN (${Prisma.join(years)}) ${ownedBy(Prisma.sql`"unitId"`, owners)}
    GROUP BY "unitId", year`;
  return rows.map((row) => ({ ...row, respondents: Number(row.respondents), satisfied: Number(row.satisfied) }));
}
