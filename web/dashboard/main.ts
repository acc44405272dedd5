// The leadership dashboard (/dashboard): every indicator of a unit for a year, from ONE GraphQL request
// per view, as the signed-in user. The view is the URL; navigation pushes history, so back and forward (and
// bookmarks) work. Signed out, the page is the sign-in form (main#sign-in) and keeps the URL, so that a
// shared link opens on its view once the reader has signed in.
// main#dashboard carries data-state = loading | ready | error; "ready" only once every chart is drawn.
import { ApiError } from '../shared/api.ts';
import { formatMoment, type Lang } from '../shared/format.ts';
import { t, type Label } from '../shared/i18n.ts';
import { IndicatorCard } from './card.ts';
import { el } from '../shared/dom.ts';
import { renderBreadcrumb, renderExistenceNotice, renderHeading, renderYearOptions, translatePage, yearsFor } from './header.ts';
import { renderOverview } from './overview.ts';
import { loadView, type Coverage, type ViewData } from './queries.ts';
import { currentSession, onSessionExpired, signOut, type Session } from '../shared/session.ts';
import { renderAccount, SignInForm } from './sign-in.ts';
import { defaultState, queryOf, readState, sameData, type ViewState } from './state.ts';
import { UnitSearch } from './unit-search.ts';

function required<T extends Element>(selector: string): T {
  const element = document.querySelector<T>(selector);
  if (!element) throw new Error(`The page lacks ${selector}`);
  return element;
}

const root = required<HTMLElement>('main#dashboard');
const breadcrumb = required<HTMLElement>('nav[data-breadcrumb]');
const heading = required<HTMLHeadingElement>('[data-view-heading]');
const subtitle = required<HTMLElement>('[data-view-subtitle]');
const notice = required<HTMLElement>('[data-view-notice]');
const statusPanel = required<HTMLElement>('[data-status-panel]');
const overview = required<HTMLElement>('[data-overview]');
const cardGrid = required<HTMLElement>('[data-cards]');
const yearSelect = required<HTMLSelectElement>('select[data-year]');
const langToggle = required<HTMLButtonElement>('button[data-action="toggle-lang"]');
const account = required<HTMLElement>('[data-account]');
const printFooter = required<HTMLElement>('[data-print-footer]');

/** Where a user starts, and where "back to the main view" leads: their own unit, or Bắc Kạn for the whole country. */
function homeOf(session: Session | null): string {
  return session?.user.unit?.code ?? defaultState.unit;
}

let state: ViewState = readState(location.search, homeOf(currentSession()));
/** The last answer and the view it answers, so that a change of language needs no request. */
let loaded: { view: ViewState; data: ViewData } | undefined;
/** Counts renders and loads: an answer or a frame that belongs to an older one is dropped. */
let generation = 0;
const cards = new Map<string, IndicatorCard>();

const signInForm = new SignInForm(required('form[data-sign-in]'), {
  lang: () => state.lang,
  signedIn: (session) => start(session, { focusHeading: true }),
});

const search = new UnitSearch(required('input[data-unit-search]'), required('[data-unit-options]'), required('[data-unit-search-status]'), {
  year: () => state.year,
  lang: () => state.lang,
  choose: (code) => navigate({ unit: code }, { focusHeading: true }),
});

function setState(value: 'loading' | 'ready' | 'error'): void {
  root.dataset.state = value;
  root.setAttribute('aria-busy', String(value === 'loading'));
}

/** Goes to another view: a new history entry, then the view. */
function navigate(change: Partial<ViewState>, options: { focusHeading?: boolean } = {}): void {
  const next = { ...state, ...change };
  if (next.unit === state.unit && next.year === state.year && next.lang === state.lang) return;
  // "loading" before the URL changes: whoever watches the URL must not take the old view for the new one.
  setState('loading');
  history.pushState(null, '', queryOf(next));
  void show(next, options);
}

async function show(next: ViewState, options: { focusHeading?: boolean } = {}): Promise<void> {
  const yearChanged = next.year !== state.year;
  state = next;
  const current = ++generation;
  translatePage(next.lang);
  const session = currentSession();
  if (session) renderAccount(account, session, next.lang);
  if (yearChanged) search.reset();
  if (loaded && sameData(loaded.view, next)) {
    render(loaded.data, current, options);
    return;
  }
  setState('loading');
  // Until the answer, the years of the same unit if it is only the year that changes, else the default ones.
  const knownUnit = loaded?.view.unit === next.unit ? (loaded.data.unit ?? undefined) : undefined;
  renderYearOptions(yearSelect, yearsFor(knownUnit, next.year), next.year);
  statusPanel.replaceChildren(el('p', { className: 'loading' }, [el('span', { className: 'spinner', 'aria-hidden': 'true' }), t('loading', next.lang)]));
  // With nothing on screen yet, outlines of the cards to come; otherwise the old view stays, dimmed.
  if (cards.size === 0) renderPlaceholders();
  try {
    const data = await loadView(next);
    if (current !== generation) return;
    loaded = { view: next, data };
    render(data, current, options);
  } catch (error) {
    // An expired session has already brought back the sign-in form (onSessionExpired), a new generation.
    if (current !== generation) return;
    // The refusal's own words in the page's language: the API says it in Vietnamese too (extensions.vi).
    if (error instanceof ApiError && error.code === 'FORBIDDEN') renderForbidden(error.in(next.lang), next.lang);
    else renderError(error instanceof Error ? error.message : String(error), next.lang);
  }
}

function render(data: ViewData, current: number, options: { focusHeading?: boolean }): void {
  const { lang, year } = state;
  setState('loading');
  statusPanel.replaceChildren();
  const { unit, dashboard } = data;
  if (!unit || !dashboard) {
    renderNotFound(lang);
    return;
  }
  document.title = `${unit.name} · ${year} · ${t('dashAppName', lang)}`;
  heading.classList.remove('is-placeholder');
  for (const placeholder of cardGrid.querySelectorAll('.card-placeholder')) placeholder.remove();
  renderBreadcrumb(breadcrumb, unit, year, lang, currentSession()?.user.unit?.code ?? null);
  renderHeading(heading, subtitle, unit, year, lang);
  renderExistenceNotice(notice, unit, year, lang);
  const years = yearsFor(unit, year);
  renderYearOptions(yearSelect, years, year);
  overview.hidden = false;
  renderOverview(overview, dashboard.coverages, { unit: unit.code, year, years }, lang);
  renderCards(dashboard.coverages, { unit: unit.code, unitName: unit.name, year, lang });
  printFooter.textContent = t('dashPrintFooter', lang, {
    unit: unit.name,
    year,
    printed: formatMoment(new Date().toISOString(), lang),
    address: location.href,
  });
  if (options.focusHeading) heading.focus();
  // Chart.js draws synchronously (animation is off); after a frame, every chart is fitted to its final box.
  requestAnimationFrame(() => {
    if (current !== generation) return;
    for (const card of cards.values()) card.settle();
    setState('ready');
  });
}

/** Updates the cards in place, keyed by indicator: a card and its charts live as long as the indicator is shown. */
function renderCards(coverages: Coverage[], context: { unit: string; unitName: string; year: number; lang: Lang }): void {
  const codes = new Set(coverages.map((coverage) => coverage.indicator.code));
  for (const [code, card] of cards) {
    if (!codes.has(code)) {
      card.destroy();
      cards.delete(code);
    }
  }
  const ordered = coverages.map((coverage) => {
    let card = cards.get(coverage.indicator.code);
    if (!card) {
      card = new IndicatorCard(coverage.indicator.code);
      cards.set(coverage.indicator.code, card);
    }
    return card;
  });
  // Attach before drawing, so that each chart measures its box; append() moves cards into the API's order.
  cardGrid.append(...ordered.map((card) => card.element));
  coverages.forEach((coverage, index) => {
    ordered[index]!.update(coverage, { ...context, drill: (code) => navigate({ unit: code }) });
  });
}

function renderPlaceholders(): void {
  heading.textContent = '';
  heading.classList.add('is-placeholder');
  subtitle.textContent = '';
  cardGrid.replaceChildren(...Array.from({ length: 4 }, () => el('div', { className: 'card card-placeholder', 'aria-hidden': 'true' })));
}

function clearView(): void {
  for (const card of cards.values()) card.destroy();
  cards.clear();
  cardGrid.replaceChildren();
  heading.classList.remove('is-placeholder');
  overview.hidden = true;
  overview.replaceChildren();
  breadcrumb.replaceChildren();
  notice.hidden = true;
}

/** A view that cannot be shown: a heading saying why, and a panel with what to do (announced as an alert). */
function renderProblem(title: string, panel: (Node | string)[], kind: string): void {
  clearView();
  heading.textContent = title;
  document.title = `${title} · ${t('dashAppName', state.lang)}`;
  subtitle.textContent = '';
  statusPanel.replaceChildren(el('div', { className: 'error-panel', role: 'alert', 'data-problem': kind }, panel));
  setState('error');
}

function renderError(message: string, lang: Lang): void {
  const retry = el('button', { type: 'button', className: 'button', 'data-action': 'retry' }, [t('retry', lang)]);
  retry.addEventListener('click', () => void show(state));
  renderProblem(
    t('error', lang),
    [
      el('p', { className: 'error-title' }, [t('dashErrorExplain', lang)]),
      el('p', { className: 'error-detail' }, [`${t('dashErrorDetail', lang)}: ${message}`]),
      retry,
    ],
    'error',
  );
}

/** A unit outside the reader's area (a district officer typing the province's code into the address). */
function renderForbidden(message: string, lang: Lang): void {
  const area = currentSession()?.user.unit?.name ?? t('wholeCountry', lang);
  renderProblem(
    t('dashForbidden', lang),
    [
      el('p', { className: 'error-title' }, [t('dashForbiddenExplain', lang, { area })]),
      el('p', { className: 'error-detail' }, [`${t('dashErrorDetail', lang)}: ${message}`]),
      homeLink(lang),
    ],
    'forbidden',
  );
}

function renderNotFound(lang: Lang): void {
  renderProblem(t('dashUnitNotFound', lang, { code: state.unit }), [el('p', {}, [t('dashUnitNotFoundExplain', lang)]), homeLink(lang)], 'not-found');
}

function homeLink(lang: Lang): HTMLAnchorElement {
  return el('a', { href: queryOf({ ...defaultState, unit: homeOf(currentSession()), lang }), 'data-nav': true, className: 'button' }, [
    t('dashBackHome', lang),
  ]);
}

/** Shows the dashboard or the sign-in form, and the masthead's controls that go with each. */
function showSignedIn(signedIn: boolean): void {
  for (const element of document.querySelectorAll<HTMLElement>('[data-session]')) element.hidden = element.dataset.session !== (signedIn ? 'in' : 'out');
  document.querySelector('.skip-link')?.setAttribute('href', signedIn ? '#dashboard' : '#sign-in');
}

/** Opens the dashboard for a session: on the view the URL names, or on the user's own unit. */
function start(session: Session, options: { focusHeading?: boolean } = {}): void {
  showSignedIn(true);
  const next = readState(location.search, homeOf(session));
  // The address always names the whole view, so that what the reader copies is what others will see.
  history.replaceState(null, '', queryOf(next) + location.hash);
  void show(next, options);
}

/** Back to the sign-in form: nothing of the last session stays on screen, and its answers still on their way are dropped. */
function showSignIn(notice?: Label): void {
  generation++;
  loaded = undefined;
  clearView();
  statusPanel.replaceChildren();
  heading.textContent = '';
  subtitle.textContent = '';
  setState('loading');
  search.reset();
  translatePage(state.lang);
  document.title = `${t('signInTitle', state.lang)} · ${t('dashAppName', state.lang)}`;
  showSignedIn(false);
  signInForm.show(notice);
}

// A plain click on an in-page link (breadcrumb, table, missing list) navigates without reloading; a click
// with a modifier keeps the browser's meaning (new tab, new window).
document.addEventListener('click', (event) => {
  const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-nav]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(readState(new URL(link.href).search), { focusHeading: true });
});

yearSelect.addEventListener('change', () => navigate({ year: Number(yearSelect.value) }));
langToggle.addEventListener('click', () => {
  const lang = state.lang === 'vi' ? 'en' : 'vi';
  if (currentSession()) return navigate({ lang });
  // Signed out, only the form changes language; the rest of the address waits for the sign-in.
  state = { ...state, lang };
  const params = new URLSearchParams(location.search);
  params.set('lang', lang);
  history.replaceState(null, '', `?${params}`);
  translatePage(lang);
  document.title = `${t('signInTitle', lang)} · ${t('dashAppName', lang)}`;
});
required('button[data-action="sign-out"]').addEventListener('click', () => {
  signOut();
  // The next reader starts on their own unit, not on the last one's view.
  history.replaceState(null, '', `?lang=${state.lang}`);
  showSignIn('signInSignedOut');
});
onSessionExpired(() => showSignIn('signInExpired'));
window.addEventListener('popstate', () => {
  const session = currentSession();
  if (!session) return;
  const next = readState(location.search, homeOf(session));
  // A click on an overview link changes only the fragment: same view, nothing to redraw.
  if (loaded && root.dataset.state !== 'error' && next.unit === state.unit && next.year === state.year && next.lang === state.lang) return;
  void show(next);
});

const stored = currentSession();
if (stored) start(stored);
else showSignIn();
