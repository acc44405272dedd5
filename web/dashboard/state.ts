// The view lives in the URL (/dashboard?unit=06&year=2019&lang=vi), so that a leader can bookmark it, send
// it to a colleague, and go back and forward through drill-downs with the browser's own buttons.
import type { Lang } from '../shared/format.ts';

export interface ViewState {
  unit: string;
  year: number;
  lang: Lang;
}

/**
 * Bắc Kạn in 2019: the demo's most complete year, on the tree before the 2020 commune mergers. A user who
 * holds a unit starts on their own unit instead (homeOf, main.ts).
 */
export const defaultState: ViewState = { unit: '06', year: 2019, lang: 'vi' };

/** The years the API accepts (docs/api.md: a year outside 1990–2100 is BAD_USER_INPUT). */
const firstAcceptedYear = 1990;
const lastAcceptedYear = 2100;

/**
 * Reads the view from a query string; anything malformed falls back to the default rather than an error
 * page, and a missing unit to the reader's home unit.
 */
export function readState(search: string, homeUnit = defaultState.unit): ViewState {
  const params = new URLSearchParams(search);
  const unit = params.get('unit')?.trim();
  const yearText = params.get('year')?.trim() ?? '';
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : Number.NaN;
  const lang = params.get('lang');
  return {
    // Unit codes are short ("06", "01960-2020", "062.CQ01"); a long value is a pasted mistake.
    unit: unit && unit.length <= 40 ? unit : homeUnit,
    year: year >= firstAcceptedYear && year <= lastAcceptedYear ? year : defaultState.year,
    lang: lang === 'en' || lang === 'vi' ? lang : defaultState.lang,
  };
}

/** The query string of a view, always with all three parameters so that a shared link is unambiguous. */
export function queryOf(state: ViewState): string {
  return `?${new URLSearchParams({ unit: state.unit, year: String(state.year), lang: state.lang })}`;
}

export function sameData(a: ViewState, b: ViewState): boolean {
  return a.unit === b.unit && a.year === b.year;
}

/** The day a unit search reads the tree on for a year: its end (the breadcrumb comes from the API's own day). */
export function asOfYear(year: number): string {
  return `${year}-12-31`;
}
