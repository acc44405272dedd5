// The unit tree as it stood on a day, as Prisma filters. Parents change over time (in 2025 communes moved
// from their district straight under the province) and units merge, so "under X" is always "under X on
// day D". The filters nest a bounded number of levels; Vietnam's tree is province > district > commune >
// organisation, and lineage chains are short (a 2020 merger, then the 2025 one).
import type { Prisma } from '../generated/sqlite/client.ts';

/** Levels below a root that subtree filters reach: ample for province > district > commune > organisation. */
export const MAX_TREE_DEPTH = 5;
/** Successive mergers a model's owner may have gone through and still be found under its latest successor. */
export const MAX_LINEAGE_DEPTH = 3;

/** Whether a unit or parent link is valid on the day (inclusive interval, null ends open). */
export function existsOn(interval: { validFrom: Date | null; validTo: Date | null }, day: Date): boolean {
  return (!interval.validFrom || interval.validFrom <= day) && (!interval.validTo || interval.validTo >= day);
}

/** Rows (units or parent links) whose inclusive validity interval contains the day, as a Prisma filter. */
export function validOn(day: Date) {
  return {
    AND: [
      { OR: [{ validFrom: null }, { validFrom: { lte: day } }] },
      { OR: [{ validTo: null }, { validTo: { gte: day } }] },
    ],
  };
}

/** The unit `rootCode` and every unit below it through parent links valid on `day` (any day when omitted). */
export function inSubtree(rootCode: string, day?: Date, depth = MAX_TREE_DEPTH): Prisma.UnitWhereInput {
  if (depth === 0) return { code: rootCode };
  return {
    OR: [
      { code: rootCode },
      { parentLinks: { some: { ...(day ? validOn(day) : {}), parent: inSubtree(rootCode, day, depth - 1) } } },
    ],
  };
}

/**
 * Units whose records count under `rootCode` on `day`: the units of its subtree that exist that day, and
 * the units merged into them on or before it. A model registered by a commune that was merged away belongs,
 * for later years, to its successor.
 */
export function accountableWithin(rootCode: string, day?: Date, depth = MAX_LINEAGE_DEPTH): Prisma.UnitWhereInput {
  const present: Prisma.UnitWhereInput = day ? { AND: [validOn(day), inSubtree(rootCode, day)] } : inSubtree(rootCode);
  if (depth === 0) return present;
  return {
    OR: [
      present,
      {
        successorLinks: {
          some: { ...(day ? { effectiveDate: { lte: day } } : {}), successor: accountableWithin(rootCode, day, depth - 1) },
        },
      },
    ],
  };
}

/**
 * The day that stands for a reporting year: 31 December, or the unit's last day if it ended during the
 * year (Bắc Kạn reports 2025 as its tree stood on 30 June 2025, before it merged into Thái Nguyên).
 */
export function referenceDay(year: number, unit: { validTo: Date | null }): Date {
  const yearEnd = new Date(Date.UTC(year, 11, 31));
  const endedThatYear = unit.validTo && unit.validTo < yearEnd && unit.validTo.getUTCFullYear() === year;
  return endedThatYear ? unit.validTo! : yearEnd;
}
