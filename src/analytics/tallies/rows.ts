// A kept row, the key it is kept under, and the slices a read groups its keys in: what the other modules
// of the kept tallies (../tallies.ts) pass each other.
import type { Definition } from '../../indicators/definition.ts';
import type { TreeUnit } from '../../units/unit-tree.ts';

export interface KeptTally {
  unitId: number;
  selfNumerator: number;
  selfDenominator: number;
  /** The year's records the unit's own numbers rest on (compute.ts, `Tally.records`). */
  selfRecords: number;
  numerator: number;
  denominator: number;
  records: number;
}

export interface TallyKey {
  indicator: { id: number; parsed: Definition };
  /** The field the coverage is restricted to; 0 for every field. */
  fieldId: number;
  unitId: number;
  day: Date;
  year: number;
}

/** The day as stored: YYYYMMDD. */
export function dayNumber(day: Date): number {
  return day.getUTCFullYear() * 10_000 + (day.getUTCMonth() + 1) * 100 + day.getUTCDate();
}

/** Keys that share an indicator, field and day: one subtree walk and one roll-up serve them all. */
export interface Slice {
  key: Omit<TallyKey, 'unitId'>;
  /** The units whose rows were asked. */
  asked: Set<number>;
  /** Rows known, present or computed, by unit. */
  rows: Map<number, KeptTally>;
  /** Units to compute, top-down. */
  computing: TreeUnit[];
}
