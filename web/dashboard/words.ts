// The words a card writes around its numbers: what is counted, in the reader's language.
import type { Lang } from '../shared/format.ts';
import { t } from '../shared/i18n.ts';
import { UNIT_KIND_WORDS } from '../../src/units/kinds.ts';
import type { Coverage, UnitKind, Words } from './queries.ts';

export function wordsIn(words: Words, lang: Lang): string {
  return words[lang] || words.vi;
}

export function indicatorName(coverage: Coverage, lang: Lang): string {
  return lang === 'en' ? coverage.indicator.nameEn : coverage.indicator.nameVi;
}

/**
 * What the numbers count, as it reads after a number: "92 / 108 xã", "421 mô hình". The indicator's own
 * denominator word is a heading ("Xã, phường, thị trấn"), so only its first letter is lowered: lowering
 * everything would also lower the capital of "tổ chức Đảng" and of English "Party".
 */
export function countedNoun(coverage: Coverage, lang: Lang): string {
  switch (coverage.counts) {
    case 'MODELS':
      return t('models', lang);
    case 'RESPONDENTS':
      return t('respondents', lang);
    case 'UNITS': {
      // One unit counted (a commune, for an indicator of districts, communes and agencies): "0 / 1 đơn vị",
      // not "0 / 1 huyện, xã, cơ quan, tổ chức Đảng".
      if (coverage.denominator === 1) return t('oneUnit', lang);
      const heading = wordsIn(coverage.indicator.denominator, lang);
      return heading.charAt(0).toLocaleLowerCase(lang) + heading.slice(1);
    }
  }
}

/**
 * Whether the indicator applies to the unit at all: one that counts units of kinds the unit has none of
 * (agencies, under a commune) has nothing to count there, ever. That is neither missing data nor a
 * shortfall, and its target means nothing there (issue 17). Models or respondents counted 0 are data not
 * entered yet.
 */
export function appliesTo(coverage: Coverage): boolean {
  return !(coverage.counts === 'UNITS' && coverage.denominator === 0);
}

/** What a shortfall counts: the same things as the numbers, but for a satisfaction ratio the satisfied among them. */
export function shortfallNoun(coverage: Coverage, noun: string, lang: Lang): string {
  return coverage.counts === 'RESPONDENTS' ? t('satisfiedRespondents', lang) : noun;
}

export function kindLabel(kind: UnitKind, lang: Lang): string {
  return UNIT_KIND_WORDS[kind].one[lang];
}

const axisPrefixes: [RegExp, string][] = [
  [/^Thành phố\s+/u, 'TP '],
  [/^Thị xã\s+/u, 'TX '],
  [/^(Tỉnh|Huyện|Xã|Phường|Thị trấn)\s+/u, ''],
];

/**
 * A shorter name for a chart axis, where thirty names must fit side by side: the type prefix goes or is
 * abbreviated as Vietnamese reports do ("Huyện Ngân Sơn" → "Ngân Sơn", "Thành phố Bắc Kạn" → "TP Bắc
 * Kạn"), and long organisation names are cut. The full name stays in the tooltip and the table.
 */
export function axisName(name: string, maxLength = 18): string {
  const short = axisPrefixes.reduce((text, [prefix, replacement]) => text.replace(prefix, replacement), name);
  return short.length > maxLength ? `${short.slice(0, maxLength - 1).trimEnd()}…` : short;
}
