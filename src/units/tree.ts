// The unit tree as it stood on a day. Parents change over time (in 2025 communes moved from their district
// straight under the province) and units merge, so "under X" is always "under X on day D"; the questions
// of whole subtrees are answered in memory (src/units/unit-tree.ts). Vietnam's tree is (country >)
// province > district > commune > organisation, and lineage chains are short (a 2020 merger, then the 2025 one).

/** Levels below a root that subtree filters reach: ample for country > province > district > commune > organisation. */
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
    AND: [{ OR: [{ validFrom: null }, { validFrom: { lte: day } }] }, { OR: [{ validTo: null }, { validTo: { gte: day } }] }],
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
