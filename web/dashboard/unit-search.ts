// The unit picker: a search box in the ARIA combobox pattern. It asks the server only when the user types
// (after a pause, and from two characters on), on the tree of the chosen year, and ignores answers that
// arrive after a newer question.
import type { Lang } from '../shared/format.ts';
import { t } from '../shared/i18n.ts';
import { el } from '../shared/dom.ts';
import { searchUnits, type UnitMatch } from './queries.ts';
import { kindLabel } from './words.ts';

const debounceMs = 250;
const minimumLength = 2;

export interface UnitSearchOptions {
  year: () => number;
  lang: () => Lang;
  choose: (code: string) => void;
}

export class UnitSearch {
  private matches: UnitMatch[] = [];
  private active = -1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = 0;

  constructor(
    private readonly input: HTMLInputElement,
    private readonly listbox: HTMLElement,
    private readonly status: HTMLElement,
    private readonly options: UnitSearchOptions,
  ) {
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', listbox.id);
    input.autocomplete = 'off';
    input.spellcheck = false;
    listbox.setAttribute('role', 'listbox');
    input.addEventListener('input', () => this.schedule());
    input.addEventListener('keydown', (event) => this.onKey(event));
    // A click on an option must not blur the input first, or the list would close under the pointer.
    listbox.addEventListener('mousedown', (event) => event.preventDefault());
    listbox.addEventListener('click', (event) => {
      const option = (event.target as Element).closest<HTMLElement>('[role="option"]');
      if (option?.dataset.index) this.pick(Number(option.dataset.index));
    });
    input.addEventListener('blur', () => this.close());
    input.addEventListener('focus', () => this.matches.length && this.open());
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const text = this.input.value.trim();
    if (text.length < minimumLength) {
      this.asked++;
      this.show([], 0, '');
      return;
    }
    this.timer = setTimeout(() => void this.ask(text), debounceMs);
  }

  private async ask(text: string): Promise<void> {
    const question = ++this.asked;
    const lang = this.options.lang();
    this.status.textContent = t('dashSearching', lang);
    try {
      const { matches, totalCount } = await searchUnits(text, this.options.year());
      if (question !== this.asked) return;
      this.show(matches, totalCount, matches.length ? t('dashSearchResults', lang, { n: totalCount }) : t('dashSearchNone', lang));
    } catch {
      if (question !== this.asked) return;
      this.show([], 0, t('dashSearchFailed', lang));
    }
  }

  private show(matches: UnitMatch[], totalCount: number, message: string): void {
    const lang = this.options.lang();
    this.matches = matches;
    this.active = -1;
    this.input.removeAttribute('aria-activedescendant');
    this.status.textContent = message;
    const options = matches.map((match, index) =>
      el('li', { id: `${this.listbox.id}-${index}`, role: 'option', 'aria-selected': 'false', 'data-index': index, 'data-unit-option': match.code }, [
        el('span', { className: 'option-name' }, [match.name]),
        el('span', { className: 'option-meta' }, [[kindLabel(match.kind, lang), match.parent?.name, match.code].filter(Boolean).join(' · ')]),
      ]),
    );
    if (totalCount > matches.length)
      options.push(el('li', { className: 'option-more', 'aria-hidden': 'true' }, [t('dashSearchMore', lang, { n: totalCount - matches.length })]));
    if (!matches.length && message) options.push(el('li', { className: 'option-empty', 'aria-hidden': 'true' }, [message]));
    this.listbox.replaceChildren(...options);
    if (options.length && document.activeElement === this.input) this.open();
    else this.close();
  }

  private open(): void {
    this.listbox.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  }

  private close(): void {
    this.listbox.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
  }

  private move(step: number): void {
    if (!this.matches.length) return;
    this.open();
    this.active = (this.active + step + this.matches.length) % this.matches.length;
    for (const option of this.listbox.querySelectorAll<HTMLElement>('[role="option"]')) {
      const selected = Number(option.dataset.index) === this.active;
      option.setAttribute('aria-selected', String(selected));
      if (selected) option.scrollIntoView({ block: 'nearest' });
    }
    this.input.setAttribute('aria-activedescendant', `${this.listbox.id}-${this.active}`);
  }

  private onKey(event: KeyboardEvent): void {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        this.move(1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        this.move(-1);
        break;
      case 'Enter':
        // Enter takes the highlighted match, or the only one.
        if (this.active >= 0 || this.matches.length === 1) {
          event.preventDefault();
          this.pick(Math.max(this.active, 0));
        }
        break;
      case 'Escape':
        if (!this.listbox.hidden) {
          event.preventDefault();
          this.close();
        } else this.input.value = '';
        break;
    }
  }

  private pick(index: number): void {
    const match = this.matches[index];
    if (!match) return;
    clearTimeout(this.timer);
    this.asked++;
    this.input.value = '';
    this.show([], 0, '');
    this.options.choose(match.code);
  }

  /** Forgets the matches: they were found on another year's tree. */
  reset(): void {
    clearTimeout(this.timer);
    this.asked++;
    this.matches = [];
    this.listbox.replaceChildren();
    this.close();
  }
}
