// The widget's attributes, read and checked. Like HTML's own enumerated attributes, an unknown type or
// language falls back to the default; a missing or malformed indicator, unit or year is an error to show.
import type { Lang } from '../shared/format.ts';
import type { CoverageRequest } from './coverage.ts';
import { wt } from './labels.ts';
import { widgetTypes, type WidgetType } from './rows.ts';

export interface WidgetOptions {
  indicator: string;
  unit: string;
  year: number;
  type: WidgetType;
  lang: Lang;
  token: string | undefined;
}

export type ReadOptions = { options: WidgetOptions } | { problem: string; lang: Lang };

export function langOf(value: string | null | undefined): Lang {
  return value?.trim().toLowerCase().startsWith('en') ? 'en' : 'vi';
}

export function typeOf(value: string | null | undefined): WidgetType {
  return widgetTypes.find((type) => type === value?.trim().toLowerCase()) ?? 'bar';
}

export function readOptions(element: Element): ReadOptions {
  const attribute = (name: string) => element.getAttribute(name)?.trim() ?? '';
  const lang = langOf(attribute('lang'));
  for (const name of ['indicator', 'unit', 'year']) {
    if (!attribute(name)) return { problem: wt('missingAttribute', lang, { name }), lang };
  }
  const year = attribute('year');
  if (!/^\d{4}$/.test(year)) return { problem: wt('badYear', lang, { value: year }), lang };
  return {
    options: { indicator: attribute('indicator'), unit: attribute('unit'), year: Number(year), type: typeOf(attribute('type')), lang, token: attribute('token') || undefined },
  };
}

/** What to ask the API for: the series for a line chart, else the breakdown (the rows of the table). */
export function requestOf(options: WidgetOptions): CoverageRequest {
  return {
    indicator: options.indicator,
    unit: options.unit,
    year: options.year,
    withBreakdown: options.type !== 'line',
    withSeries: options.type === 'line',
    ...(options.token ? { token: options.token } : {}),
  };
}
