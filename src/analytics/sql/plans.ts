// The units that have a plan, for each year asked. Feeds UNITS_WITH_PLAN.
import type { Database } from '../../db/client.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import { ownedBy } from './fragments.ts';

export async function unitsWithPlan(db: Database, years: number[], owners?: number[]): Promise<{ ownerId: number; year: number }[]> {
  if (owners?.length === 0) return [];
  return db.$queryRaw`SELECT "unitId" AS "ownerId", year FROM "Plan" WHERE year IN (${Prisma.join(years)}) ${ownedBy(Prisma.sql`"unitId"`, owners)}`;
}
