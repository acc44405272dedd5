// The units (or models) still missing from an indicator: what a leader acts on. The card lists the first
// few from the view's one request; the download pages through the whole list only when asked for.
import { download, toCsv } from '../shared/csv.ts';
import { formatNumber, type Lang } from '../shared/format.ts';
import { t } from '../shared/i18n.ts';
import { el } from '../shared/dom.ts';
import { unitLink } from './dom.ts';
import { loadAllMissing, type Coverage, type MissingItem } from './queries.ts';
import { countedNoun } from './words.ts';

export function missingHeading(coverage: Coverage, lang: Lang): string {
  if (coverage.counts === 'RESPONDENTS' || coverage.missing.totalCount === 0) return t('missing', lang);
  return `${t('missing', lang)}: ${formatNumber(coverage.missing.totalCount, lang)} ${countedNoun(coverage, lang)}`;
}

/** The list of the first missing items, with how many more there are, or why there is no list. */
export function missingBody(coverage: Coverage, year: number, lang: Lang): HTMLElement[] {
  // Satisfaction is a ratio of two sums of respondents: nobody in particular is "missing".
  if (coverage.counts === 'RESPONDENTS') return [el('p', { className: 'muted' }, [t('dashMissingNotApplicable', lang)])];
  const { totalCount, edges } = coverage.missing;
  if (totalCount === 0) return [el('p', { className: 'muted' }, [coverage.denominator === 0 ? t('NO_DATA', lang) : t('noMissing', lang)])];
  const list = el(
    'ul',
    { className: 'missing-list' },
    edges.map(({ node }) =>
      node.model
        ? el('li', { 'data-unit': node.unit.code }, [
            el('span', { className: 'model-title' }, [node.model.title]),
            ' ',
            el('span', { className: 'model-unit' }, [unitLink(node.unit.code, node.unit.name, year, lang)]),
          ])
        : el('li', { 'data-unit': node.unit.code }, [unitLink(node.unit.code, node.unit.name, year, lang)]),
    ),
  );
  const rest = totalCount - edges.length;
  if (rest <= 0) return [list];
  const more = coverage.counts === 'MODELS' ? t('dashMoreModels', lang, { n: formatNumber(rest, lang) }) : t('more', lang, { n: formatNumber(rest, lang) });
  return [list, el('p', { className: 'missing-more', 'data-field': 'missing-more' }, [more])];
}

/** The file's name in the page's language: chua-dat-… or missing-…. */
export function missingFilename(indicator: string, unit: string, year: number, lang: Lang): string {
  return `${t('fileMissing', lang)}-${indicator}-${unit}-${year}.csv`;
}

function missingCsv(coverage: Coverage, items: MissingItem[], lang: Lang): string {
  const unit = [t('unitCode', lang), t('unitName', lang)];
  return coverage.counts === 'MODELS'
    ? toCsv(
        [...unit, t('csvModel', lang)],
        items.map((item) => [item.unit.code, item.unit.name, item.model?.title]),
      )
    : toCsv(
        unit,
        items.map((item) => [item.unit.code, item.unit.name]),
      );
}

/**
 * Downloads every missing item as CSV. The button shows the progress (a list of models can take thirty
 * pages); a failure is announced next to it and the button works again.
 */
export async function downloadMissing(
  button: HTMLButtonElement,
  message: HTMLElement,
  coverage: Coverage,
  unit: string,
  year: number,
  lang: Lang,
): Promise<void> {
  const label = button.textContent ?? '';
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  message.textContent = '';
  try {
    const { missing } = coverage;
    // The card's page may already be the whole list: then there is nothing more to ask the server.
    const items = missing.pageInfo.hasNextPage
      ? await loadAllMissing(coverage.indicator.code, unit, year, (loaded, total) => {
          button.textContent = t('dashDownloading', lang, { done: formatNumber(loaded, lang), total: formatNumber(total, lang) });
        })
      : missing.edges.map((edge) => edge.node);
    download(missingFilename(coverage.indicator.code, unit, year, lang), missingCsv(coverage, items, lang));
  } catch {
    message.textContent = t('dashDownloadFailed', lang);
  } finally {
    button.textContent = label;
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
