// The widget's attributes, read and checked. The embed token decides what is shown; the page chooses only
// the year (within the token's range) and the language. An unknown language falls back to Vietnamese, as
// HTML's own enumerated attributes fall back to their default; a missing token or a malformed year is an
// error to show.
import type { Lang } from '../shared/format.ts';
import { wt } from './labels.ts';

export interface WidgetOptions {
  token: string;
  /** Undefined: the token's last year. */
  year: number | undefined;
  lang: Lang;
}

export type ReadOptions = { options: WidgetOptions } | { problem: string; lang: Lang };

export function langOf(value: string | null | undefined): Lang {
  return value?.trim().toLowerCase().startsWith('en') ? 'en' : 'vi';
}

export function readOptions(element: Element): ReadOptions {
  const attribute = (name: string) => element.getAttribute(name)?.trim() ?? '';
  const lang = langOf(attribute('lang'));
  const token = attribute('token');
  if (!token) return { problem: wt('needsToken', lang), lang };
  const year = attribute('year');
  if (year && !/^\d{4}$/.test(year)) return { problem: wt('badYear', lang, { value: year }), lang };
  return { options: { token, year: year ? Number(year) : undefined, lang } };
}
