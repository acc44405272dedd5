// A few DOM helpers, so that the page builds its elements without a framework and without innerHTML
// (names come from the database: they are text, never markup).
import type { Lang } from '../shared/format.ts';
import { queryOf } from './state.ts';

type Attributes = Record<string, string | number | boolean | undefined>;

/** An element with attributes (className sets the class; false and undefined leave an attribute out). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'className') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}

/**
 * A link to a unit's dashboard for the same year and language. It is a real link (it opens in a new tab,
 * it can be copied); main.ts turns a plain click on it into an in-page navigation.
 */
export function unitLink(code: string, name: string, year: number, lang: Lang): HTMLAnchorElement {
  return el('a', { href: queryOf({ unit: code, year, lang }), 'data-nav': true }, [name]);
}
