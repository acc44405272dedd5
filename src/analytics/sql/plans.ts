// The units that have a plan, for each year asked. Feeds UNITS_WITH_PLAN.
import type { Database } from '../../db/client.ts';
import { Prisma } from '../../generated/sqlite/client.ts';

export async function unitsWithPlan(db: Database, years: number[]): Promise<{ ownerId: number; year: number }[]> {
  return db.$queryRaw`SELECT "unitId" AS "ownerId", year FROM "Plan" WHERE year IN (${Prisma.join(years)})`;
}
