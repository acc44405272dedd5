// Labels in Vietnamese (the default) and English.
import type { Lang } from './format.ts';

const labels = {
  title: { vi: 'Phong trào "Dân vận khéo"', en: 'The "Dân vận khéo" movement' },
  loading: { vi: 'Đang tải dữ liệu…', en: 'Loading…' },
  error: { vi: 'Không tải được dữ liệu', en: 'The data could not be loaded' },
  retry: { vi: 'Thử lại', en: 'Try again' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  year: { vi: 'Năm', en: 'Year' },
  search: { vi: 'Tìm đơn vị (có thể gõ không dấu)', en: 'Find a unit (diacritics optional)' },
  target: { vi: 'Mục tiêu', en: 'Target' },
  ratio: { vi: 'Tỷ lệ', en: 'Ratio' },
  numerator: { vi: 'Đạt', en: 'Meeting' },
  denominator: { vi: 'Tổng số', en: 'Total' },
  missing: { vi: 'Chưa đạt', en: 'Not yet meeting' },
  trend: { vi: 'Xu hướng 10 năm', en: '10-year trend' },
  breakdown: { vi: 'Theo đơn vị trực thuộc', en: 'By unit below' },
  showTable: { vi: 'Xem bảng số liệu', en: 'Show data table' },
  hideTable: { vi: 'Ẩn bảng số liệu', en: 'Hide data table' },
  downloadCsv: { vi: 'Tải CSV', en: 'Download CSV' },
  downloadPng: { vi: 'Tải ảnh PNG', en: 'Download PNG' },
  downloadMissing: { vi: 'Tải danh sách chưa đạt (CSV)', en: 'Download the list (CSV)' },
  noMissing: { vi: 'Không còn đơn vị nào chưa đạt.', en: 'Nothing is missing.' },
  more: { vi: 'và {n} đơn vị khác', en: 'and {n} more' },
  drill: { vi: 'Nhấn vào cột để xem chi tiết đơn vị', en: 'Click a bar to open that unit' },
  MET: { vi: 'Đạt mục tiêu', en: 'Target met' },
  BELOW_TARGET: { vi: 'Chưa đạt mục tiêu', en: 'Below target' },
  NO_TARGET: { vi: 'Không có mục tiêu', en: 'No target' },
  NO_DATA: { vi: 'Chưa có dữ liệu', en: 'No data' },
  models: { vi: 'mô hình', en: 'models' },
  respondents: { vi: 'người được khảo sát', en: 'respondents' },
  language: { vi: 'English', en: 'Tiếng Việt' },
} satisfies Record<string, Record<Lang, string>>;

export type Label = keyof typeof labels;

export function t(label: Label, lang: Lang, values: Record<string, string | number> = {}): string {
  return labels[label][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
