// The shapes of the API's coverage answers that the dashboard and the widgets both read (schema/schema.graphql
// is the reference). Each side's query selects more or less of them; these are the parts they share.

export type UnitKind = 'COUNTRY' | 'PROVINCE' | 'DISTRICT' | 'COMMUNE' | 'WARD' | 'TOWNSHIP' | 'AGENCY' | 'PARTY_ORGANISATION' | 'MASS_ORGANISATION' | 'FRONT';
/**
 * The API's statuses, and the dashboard's own NOT_REPORTED: a year whose records the numbers rest on are not
 * entered (`records` 0), shown as such and never as a ratio of 0 (web/dashboard/queries.ts).
 */
export type CoverageStatus = 'MET' | 'BELOW_TARGET' | 'NO_TARGET' | 'NO_DATA' | 'NOT_REPORTED';
export type CountedThing = 'UNITS' | 'MODELS' | 'RESPONDENTS';

export interface Words {
  vi: string;
  en: string;
}

export interface UnitRef {
  code: string;
  name: string;
}

/** The numbers every coverage, breakdown group and series point carries. */
export interface Counts {
  numerator: number;
  denominator: number;
  ratio: number | null;
  target: number | null;
  status: CoverageStatus;
}

export interface SeriesPoint extends Counts {
  year: number;
}

/** What a coverage says about itself and its indicator, beside its numbers. */
export interface CoverageHead extends Counts {
  indicator: { code: string; nameVi: string; nameEn: string; denominator: Words };
  counts: CountedThing;
  gap: number | null;
  shortfall: number | null;
  definition: Words;
}

/** The API's numbers with the records they rest on (Coverage.records). */
export interface Reported {
  records: number;
}

/** What tells a year not reported, and what marking it changes. */
export type Reportable = Pick<Counts, 'denominator' | 'ratio' | 'status'> & Reported;

/**
 * A year whose records the numbers rest on are not entered (none, with something to count) is not
 * reported: no ratio, rather than a 0 % that reads as a collapse, and a gap in a trend (issue 17).
 */
export function markUnreported(counts: Reportable): void {
  if (counts.records === 0 && counts.denominator > 0) Object.assign(counts, { ratio: null, status: 'NOT_REPORTED' });
}

/**
 * How many percentage points a ratio moved from another, to the tenth shown (a change that rounds to 0,0
 * is none); null when either is missing.
 */
export function pointsBetween(ratio: number | null | undefined, before: number | null | undefined): number | null {
  return ratio == null || before == null ? null : Math.round((ratio - before) * 1000) / 10;
}
