// The dashboard's DOM helpers, on the shared element factory (web/shared/dom.ts).
import type { Lang } from '../shared/format.ts';
import { el } from '../shared/dom.ts';
import { queryOf } from './state.ts';

/**
 * A link to a unit's dashboard for the same year and language. It is a real link (it opens in a new tab,
 * it can be copied); main.ts turns a plain click on it into an in-page navigation.
 */
export function unitLink(code: string, name: string, year: number, lang: Lang): HTMLAnchorElement {
  return el('a', { href: queryOf({ unit: code, year, lang }), 'data-nav': true }, [name]);
}
