// The units that have a yearly record (a plan, a new-rural status), for each year asked. Plans feed
// UNITS_WITH_PLAN; both tell how many of a year's records an indicator's counting rests on.
import type { Database } from '../../db/client.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import { ownedBy } from './fragments.ts';

/** The tables of records a unit keeps once a year. */
export type YearlyTable = 'Plan' | 'NewRuralStatus';

export async function unitsWithRecord(db: Database, table: YearlyTable, years: number[], owners?: number[]): Promise<{ ownerId: number; year: number }[]> {
  if (owners?.length === 0) return [];
  return db.$queryRaw`SELECT "unitId" AS "ownerId", year FROM ${Prisma.raw(`"${table}"`)} WHERE year IN (${Prisma.join(years)}) ${ownedBy(Prisma.sql`"unitId"`, owners)}`;
}
