// The iframe version of the widget, for portals that forbid third-party scripts:
//   /embed/chart?token=<embed token>&year=2019&lang=vi
// The page is one <dvk-chart> filling the frame; the token decides what it shows, `year` (optional: the
// token's last year) and `lang` only choose among it. As a module it has no currentScript, so the element
// talks to this page's own origin, the API's.
import '../widgets/dvk.ts';
import type { Lang } from '../shared/format.ts';
import { wt } from '../widgets/labels.ts';
import { langOf } from '../widgets/options.ts';

const example = '/embed/chart?token=…&year=2019&lang=vi';

/** What is wrong with the address, in words for whoever wrote it into the portal; empty when nothing. */
function problemsOf(params: URLSearchParams, lang: Lang): string[] {
  const problems: string[] = [];
  if (!params.get('token')?.trim()) problems.push(wt('embedMissing', lang, { names: 'token' }));
  const year = params.get('year')?.trim();
  if (year && !/^\d{4}$/.test(year)) problems.push(wt('badYear', lang, { value: year }));
  const language = params.get('lang');
  if (language !== null && language !== 'vi' && language !== 'en')
    problems.push(wt('embedBadValue', lang, { name: 'lang', value: language, choices: 'vi, en' }));
  return problems;
}

function showProblems(problems: string[], lang: Lang): void {
  const box = document.createElement('div');
  box.className = 'embed-problem';
  box.setAttribute('role', 'alert');
  for (const problem of problems) box.append(Object.assign(document.createElement('p'), { textContent: problem }));
  const usage = document.createElement('p');
  usage.append(`${wt('embedUsage', lang)} `, Object.assign(document.createElement('code'), { textContent: example }));
  box.append(usage);
  main.append(box);
}

function showChart(params: URLSearchParams, lang: Lang): void {
  const chart = document.createElement('dvk-chart');
  for (const name of ['token', 'year']) {
    const value = params.get(name)?.trim();
    if (value) chart.setAttribute(name, value);
  }
  chart.setAttribute('lang', lang);
  // Under the page's heading (h1), the chart's title is the next level down.
  chart.setAttribute('heading-level', '2');
  main.append(chart);
}

/** The page's one landmark, holding its heading (for screen readers) and the chart or the problems. */
const main = document.querySelector('main')!;
const params = new URLSearchParams(location.search);
const lang = langOf(params.get('lang'));
document.documentElement.lang = lang;
if (lang === 'en') main.querySelector('h1')!.textContent = 'Chart of the “Dân vận khéo” movement';
const problems = problemsOf(params, lang);
if (problems.length) showProblems(problems, lang);
else showChart(params, lang);
