// The page around the cards: static labels in the chosen language, the breadcrumb, the year choices and
// the heading of the view.
import { type Lang, yearInVietnam } from '../shared/format.ts';
import { t, type Label } from '../shared/i18n.ts';
import { el } from '../shared/dom.ts';
import { unitLink } from './dom.ts';
import type { ViewUnit } from './queries.ts';
import { kindLabel } from './words.ts';

/**
 * Rewrites the labels of the static page (index.html marks them with data-text, data-placeholder and
 * data-aria-label), so that the shell needs no second copy of its words.
 */
export function translatePage(lang: Lang): void {
  document.documentElement.lang = lang;
  for (const element of document.querySelectorAll<HTMLElement>('[data-text]')) element.textContent = t(element.dataset.text as Label, lang);
  for (const element of document.querySelectorAll<HTMLInputElement>('[data-placeholder]')) element.placeholder = t(element.dataset.placeholder as Label, lang);
  for (const element of document.querySelectorAll<HTMLElement>('[data-aria-label]'))
    element.setAttribute('aria-label', t(element.dataset.ariaLabel as Label, lang));
  const toggle = document.querySelector<HTMLButtonElement>('button[data-action="toggle-lang"]');
  if (toggle) {
    // The button names the other language in that language ("English", "Tiếng Việt").
    toggle.textContent = t('language', lang);
    toggle.lang = lang === 'vi' ? 'en' : 'vi';
  }
}

/**
 * The unit's ancestors on the year's tree, each a link back up, then the unit itself. Above the reader's own
 * unit (`area`; null for the whole country) the API would refuse: those ancestors are named, not linked.
 */
export function renderBreadcrumb(nav: HTMLElement, unit: ViewUnit, year: number, lang: Lang, area: string | null): void {
  const firstReachable = area === null ? 0 : unit.ancestors.findIndex((ancestor) => ancestor.code === area);
  const items = unit.ancestors.map((ancestor, index) => {
    if (firstReachable < 0 || index < firstReachable) return el('li', {}, [el('span', {}, [ancestor.name])]);
    const link = unitLink(ancestor.code, ancestor.name, year, lang);
    link.dataset.unit = ancestor.code;
    return el('li', {}, [link]);
  });
  items.push(el('li', {}, [el('span', { 'aria-current': 'page' }, [unit.name])]));
  nav.replaceChildren(el('ol', {}, items));
}

/** The records of the demo start with the movement's 2011-2015 period. */
const firstRecordedYear = 2011;

const yearOf = (day: string) => Number(day.slice(0, 4));

/**
 * The years worth offering for a unit: those it existed in. A year it ended in is read on its last day
 * (Bắc Kạn, "06", ended on 30 June 2025: its 2025 is that day's tree); Thái Nguyên's merged province
 * ("19") starts in 2025. Before the unit is known, 2011-2024. The year shown is always among them.
 */
export function yearsFor(unit: Pick<ViewUnit, 'validFrom' | 'validTo'> | undefined, selected: number, today = new Date()): number[] {
  let first = firstRecordedYear;
  let last = 2024;
  if (unit) {
    first = Math.max(firstRecordedYear, unit.validFrom ? yearOf(unit.validFrom) : firstRecordedYear);
    if (!unit.validTo) last = yearInVietnam(today);
    else last = yearOf(unit.validTo);
  }
  const years = new Set<number>([selected]);
  for (let year = first; year <= last; year++) years.add(year);
  return [...years].sort((a, b) => b - a);
}

export function renderYearOptions(select: HTMLSelectElement, years: number[], selected: number): void {
  const current = [...select.options].map((option) => Number(option.value));
  if (current.length !== years.length || current.some((year, index) => year !== years[index])) {
    select.replaceChildren(...years.map((year) => el('option', { value: String(year) }, [String(year)])));
  }
  select.value = String(selected);
}

/**
 * When the unit did not exist in the year, says so (its numbers are empty) and links to the units it
 * became after a merger, or came from; otherwise hides the notice.
 */
export function renderExistenceNotice(notice: HTMLElement, unit: ViewUnit, year: number, lang: Lang): void {
  const ended = unit.validTo != null && yearOf(unit.validTo) < year;
  const notYet = unit.validFrom != null && yearOf(unit.validFrom) > year;
  notice.hidden = !ended && !notYet;
  if (notice.hidden) {
    notice.replaceChildren();
    return;
  }
  const related = ended ? unit.successors : unit.predecessors;
  const parts: (Node | string)[] = [t(ended ? 'dashUnitEnded' : 'dashUnitNotYet', lang, { year })];
  if (related.length) {
    parts.push(' ', t(ended ? 'dashUnitBecame' : 'dashUnitCameFrom', lang), ' ');
    related.forEach((other, index) => {
      parts.push(...(index ? [', '] : []), unitLink(other.code, other.name, year, lang));
    });
    parts.push('.');
  }
  notice.replaceChildren(...parts);
}

export function renderHeading(heading: HTMLElement, subtitle: HTMLElement, unit: ViewUnit, year: number, lang: Lang): void {
  heading.textContent = unit.name;
  const words = t('dashViewSubtitle', lang, { kind: kindLabel(unit.kind, lang), year, code: unit.code });
  // This year's records are still being entered: its numbers are to date.
  subtitle.textContent = year >= yearInVietnam() ? `${words} (${t('dashYearOpen', lang)})` : words;
}
