// Labels only the widget and the embed page say. What the dashboard says too (a status, a unit's code and
// name, the numerator and denominator) is in web/shared/i18n.ts, so that both say it in the same words.
import type { Lang } from '../shared/format.ts';
import { fill, type Values } from '../shared/i18n.ts';

const widgetLabels = {
  units: { vi: 'đơn vị', en: 'units' },
  yearOf: { vi: 'năm {year}', en: '{year}' },
  targetOf: { vi: 'mục tiêu {value}', en: 'target {value}' },
  targetIs: { vi: 'Mục tiêu: {value}', en: 'Target: {value}' },
  total: { vi: 'Cộng', en: 'Total' },
  needsToken: {
    vi: 'Biểu đồ cần một mã nhúng (thuộc tính “token”) do quản trị viên hệ thống cấp.',
    en: 'The chart needs an embed token (its “token” attribute), issued by the system’s administrators.',
  },
  badYear: { vi: 'Năm “{value}” không hợp lệ: cần một năm gồm bốn chữ số, ví dụ 2019.', en: 'The year “{value}” is not valid: write four digits, e.g. 2019.' },
  // What happened to the chart, for a visitor of the portal; the console tells its developer how.
  linkRevoked: { vi: 'Liên kết đến biểu đồ này đã bị thu hồi.', en: 'This chart’s link was withdrawn.' },
  linkExpired: { vi: 'Liên kết đến biểu đồ này đã hết hạn.', en: 'This chart’s link has expired.' },
  siteNotAllowed: { vi: 'Trang web này không được phép hiển thị biểu đồ.', en: 'This website is not allowed to show this chart.' },
  tokenRefused: { vi: 'Liên kết đến biểu đồ này không hợp lệ.', en: 'This chart’s link is not valid.' },
  yearRefused: { vi: 'Mã nhúng không cho phép hiển thị số liệu năm {year}.', en: 'The embed token does not allow the year {year}.' },
  refused: { vi: 'Mã nhúng không cho phép hiển thị số liệu này.', en: 'The embed token does not allow these figures.' },
  gone: { vi: 'Chỉ tiêu hoặc đơn vị của mã nhúng này không còn tồn tại.', en: 'The indicator or the unit of this embed token no longer exists.' },
  trendYears: { vi: 'Xu hướng {from}–{to}', en: 'Trend {from}–{to}' },
  unreachable: { vi: 'Không kết nối được máy chủ dữ liệu.', en: 'The data server could not be reached.' },
  embedMissing: { vi: 'Thiếu tham số {names} trong địa chỉ của khung nhúng.', en: 'The embed address lacks the {names} parameter(s).' },
  embedBadValue: {
    vi: 'Tham số {name}={value} không hợp lệ: chọn một trong {choices}.',
    en: 'The parameter {name}={value} is not valid: use one of {choices}.',
  },
  embedUsage: { vi: 'Ví dụ:', en: 'For example:' },
} satisfies Record<string, Record<Lang, string>>;

export type WidgetLabel = keyof typeof widgetLabels;

export function wt(label: WidgetLabel, lang: Lang, values: Values = {}): string {
  return fill(widgetLabels[label][lang], values);
}
