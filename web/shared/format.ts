// Number formats for Vietnamese and English readers: pure functions, tested in tests/unit/web-format.test.ts.
// Vietnamese writes 1.234,5 and 93,5 %; Intl knows both conventions.

export type Lang = 'vi' | 'en';

const locales: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };

export function formatNumber(value: number, lang: Lang): string {
  return new Intl.NumberFormat(locales[lang], { maximumFractionDigits: 1 }).format(value);
}

/** A ratio between 0 and 1 as a percentage with one decimal; an empty ratio as a dash. */
export function formatPercent(ratio: number | null | undefined, lang: Lang): string {
  if (ratio == null) return '–';
  return new Intl.NumberFormat(locales[lang], { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ratio);
}

/** "92 / 108 xã": a numerator over a denominator, with what they count. */
export function formatFraction(numerator: number, denominator: number, noun: string, lang: Lang): string {
  return `${formatNumber(numerator, lang)} / ${formatNumber(denominator, lang)} ${noun}`.trim();
}

/** A change in percentage points with its sign ("+5,6", "−2", "0"); empty without one. */
export function formatChange(points: number | null, lang: Lang): string {
  if (points === null) return '';
  return `${points > 0 ? '+' : points < 0 ? '−' : ''}${formatNumber(Math.abs(points), lang)}`;
}

/** A gap to the target in percentage points, as the dashboard and the widgets say it; nothing without one. */
export function formatGap(gap: number | null | undefined, lang: Lang): string {
  if (gap == null) return '';
  const points = formatNumber(gap * 100, lang);
  return lang === 'vi' ? `cách mục tiêu ${points} điểm %` : `${points} points below the target`;
}

const day = { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh' } as const;

/** The year it is in Vietnam: the year whose records are still being entered. */
export function yearInVietnam(moment = new Date()): number {
  return Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: day.timeZone }).format(moment));
}

/** A day as its readers write it: 05/12/2026 in both languages (en-GB), on Vietnam's calendar. */
export function formatDate(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locales[lang], day).format(new Date(iso));
}

/** A moment, its day and its time in Vietnam: 05/12/2026, 14:30:05 in English, Vietnamese's own order in Vietnamese. */
export function formatMoment(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locales[lang], { ...day, hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
}
