// The iframe version of the widget, for portals that forbid third-party scripts:
//   /embed/chart?indicator=COMMUNE_NTM_EFFECTIVE&unit=06&year=2019&type=bar&lang=vi
// The page is one <dvk-chart> filling the frame; as a module it has no currentScript, so the element talks to
// this page's own origin, the API's.
import '../widgets/dvk.ts';
import type { Lang } from '../shared/format.ts';
import { wt } from '../widgets/labels.ts';
import { langOf } from '../widgets/options.ts';
import { widgetTypes } from '../widgets/rows.ts';

const required = ['indicator', 'unit', 'year'] as const;
const example = '/embed/chart?indicator=COMMUNE_NTM_EFFECTIVE&unit=06&year=2019&type=bar&lang=vi';

/** What is wrong with the address, in words for whoever wrote it into the portal; empty when nothing. */
function problemsOf(params: URLSearchParams, lang: Lang): string[] {
  const problems: string[] = [];
  const missing = required.filter((name) => !params.get(name)?.trim());
  if (missing.length) problems.push(wt('embedMissing', lang, { names: missing.join(', ') }));
  const year = params.get('year')?.trim();
  if (year && !/^\d{4}$/.test(year)) problems.push(wt('badYear', lang, { value: year }));
  const choices = { type: widgetTypes, lang: ['vi', 'en'] } as const;
  for (const [name, allowed] of Object.entries(choices)) {
    const value = params.get(name);
    if (value !== null && !(allowed as readonly string[]).includes(value)) problems.push(wt('embedBadValue', lang, { name, value, choices: allowed.join(', ') }));
  }
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
  document.body.append(box);
}

function showChart(params: URLSearchParams, lang: Lang): void {
  const chart = document.createElement('dvk-chart');
  for (const name of [...required, 'type', 'token']) {
    const value = params.get(name)?.trim();
    if (value) chart.setAttribute(name, value);
  }
  chart.setAttribute('lang', lang);
  document.body.append(chart);
}

const params = new URLSearchParams(location.search);
const lang = langOf(params.get('lang'));
document.documentElement.lang = lang;
const problems = problemsOf(params, lang);
if (problems.length) showProblems(problems, lang);
else showChart(params, lang);
