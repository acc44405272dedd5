// The columns of each kind of spreadsheet: Vietnamese header (the template's), English header (accepted
// too), and how a cell's text becomes a value. The rules a cell must meet (lengths, patterns, ranges,
// lists) are those of the data-entry mutations, from src/entry/rules.ts; the messages are in Vietnamese
// and English because officers read them.
import {
  calendarDay,
  FIELDS,
  FIRST_DAY_YEAR,
  FIRST_YEAR,
  HOLDERS,
  LAST_YEAR,
  MODEL_KINDS,
  RATINGS,
  UNIT_KIND_ALSO,
  UNIT_KINDS,
  UNIT_LEVELS,
  URL_MAX,
  YEAR,
  type IntRule,
  type TextRule,
} from '../entry/rules.ts';
import { foldForSearch } from '../lib/text.ts';

export const IMPORT_KINDS = ['FIELDS', 'UNITS', 'MODELS', 'EVALUATIONS', 'PLANS', 'SATISFACTION_SURVEYS', 'NEW_RURAL_STATUSES'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** What a cell says is wrong, in both languages. */
export interface Message {
  vi: string;
  en: string;
}

export type CellResult<T> = { value: T; problem?: undefined } | { value?: undefined; problem: Message };
export type CellParser<T> = (text: string) => CellResult<T>;

export interface Column<T = unknown> {
  key: string;
  vi: string;
  en: string;
  required: boolean;
  /** What the template's second line explains about the column. */
  hintVi: string;
  hintEn: string;
  parse: CellParser<T>;
  /** Writes a stored value back as a cell, for the export. */
  format: (value: T) => string;
}

const ok = <T>(value: T): CellResult<T> => ({ value });
const bad = (vi: string, en: string): CellResult<never> => ({ problem: { vi, en } });

/** A text cell by its rule (./entry/rules.ts): its length, and its pattern if it has one. */
export const textCell =
  (rule: TextRule): CellParser<string> =>
  (text) => {
    if (text.length > rule.max) return bad(`tối đa ${rule.max} ký tự`, `at most ${rule.max} characters`);
    if (rule.pattern && !rule.pattern.re.test(text)) return bad(rule.pattern.vi, rule.pattern.en);
    return ok(text);
  };

/** A whole number cell by its rule: the range, said as the rule says it. */
export const intCell =
  (rule: IntRule): CellParser<number> =>
  (text) => {
    const value = Number(text);
    if (!/^[+-]?\d{1,9}$/.test(text) || value < rule.min || value > rule.max) return bad(`phải là ${rule.vi}`, `must be ${rule.en}`);
    return ok(value);
  };

export const yearCell: CellParser<number> = intCell(YEAR);

/** A day as YYYY-MM-DD (the template's form) or DD/MM/YYYY (the form Vietnamese offices write). */
export const dayCell: CellParser<Date> = (text) => {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : vn ? [vn[3], vn[2], vn[1]] : [];
  const day = y && m && d ? calendarDay(Number(y), Number(m), Number(d)) : 'not a day';
  if (day === 'out of range') return bad(`ngoài khoảng ${FIRST_DAY_YEAR}–${LAST_YEAR}`, `out of range: dates run from ${FIRST_DAY_YEAR} to ${LAST_YEAR}`);
  if (day !== 'not a day') return ok(day);
  return bad('không phải ngày: ghi YYYY-MM-DD (vd. 2020-02-01) hoặc DD/MM/YYYY', 'not a date: write it YYYY-MM-DD (e.g. 2020-02-01) or DD/MM/YYYY');
};

const TRUE = new Set(['co', 'x', 'true', 'yes', '1', 'dung']);
const FALSE = new Set(['khong', 'false', 'no', '0', 'sai']);
export const booleanCell: CellParser<boolean> = (text) => {
  const folded = foldForSearch(text);
  if (TRUE.has(folded)) return ok(true);
  if (FALSE.has(folded)) return ok(false);
  return bad('phải là "có" hoặc "không"', 'must be "có" (yes) or "không" (no)');
};

export const urlCell: CellParser<string> = (text) => {
  if (text.length > URL_MAX) return bad(`tối đa ${URL_MAX} ký tự`, `at most ${URL_MAX} characters`);
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not web');
    return ok(text);
  } catch {
    return bad('không phải địa chỉ web', 'not a web address');
  }
};

/** One of a list, written as its code (OUTSTANDING) or its Vietnamese label (Tiêu biểu), in any case. */
export function enumCell<T extends string>(labels: Record<T, string>, also: Partial<Record<T, string[]>> = {}): CellParser<T> {
  const byFolded = new Map<string, T>();
  for (const [code, label] of Object.entries(labels) as [T, string][]) {
    for (const name of [code, label, ...(also[code] ?? [])]) byFolded.set(foldForSearch(name).replace(/[\s_]+/g, '_'), code);
  }
  const listVi = (Object.entries(labels) as [T, string][]).map(([code, label]) => `${label} (${code})`).join(', ');
  return (text) => {
    const code = byFolded.get(foldForSearch(text).replace(/[\s_]+/g, '_'));
    return code ? ok(code) : bad(`không có trong danh sách: ${listVi}`, `not in the list: ${listVi}`);
  };
}

const asText = (value: unknown) => (value == null ? '' : String(value));
const asDay = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : '');
const asBoolean = (value: unknown) => (value ? 'có' : 'không');

/**
 * A leading apostrophe marks a cell as text, as in Excel: the export writes one before text a spreadsheet
 * would run as a formula and before text that starts with one (src/csv.ts), so exactly one is read off any
 * cell, and what follows is taken as it is. A lone apostrophe is an empty cell.
 */
const markedAsText =
  <T>(parse: CellParser<T>, required: boolean): CellParser<T | null> =>
  (text) => {
    const written = text.startsWith("'") ? text.slice(1) : text;
    if (written !== '') return parse(written);
    return required ? bad('Ô bắt buộc đang trống.', 'The cell is required but empty.') : ok(null);
  };

function column<T>(
  key: string,
  vi: string,
  en: string,
  required: boolean,
  parse: CellParser<T>,
  hintVi: string,
  hintEn: string,
  format: (value: T) => string = asText,
): Column {
  return { key, vi, en, required, parse: markedAsText(parse, required), hintVi, hintEn, format } as Column;
}

const unitColumn = (key = 'unit') =>
  column(key, 'Mã đơn vị', 'Unit code', true, textCell(FIELDS.plan.unit), 'mã đơn vị, phải tồn tại trong năm', 'unit code; the unit must exist in the year');
const yearColumn = column('year', 'Năm', 'Year', true, yearCell, `${FIRST_YEAR}–${LAST_YEAR}`, `${FIRST_YEAR}–${LAST_YEAR}`);

export const COLUMNS: Record<ImportKind, Column[]> = {
  FIELDS: [
    column(
      'code',
      'Mã lĩnh vực',
      'Code',
      true,
      textCell(FIELDS.field.code),
      'vd. NONG_THON_MOI: chữ in hoa, số và _',
      'e.g. NONG_THON_MOI: upper case letters, digits and _',
    ),
    column('nameVi', 'Tên lĩnh vực', 'Vietnamese name', true, textCell(FIELDS.field.name), 'vd. "Xây dựng nông thôn mới"', 'e.g. "Xây dựng nông thôn mới"'),
    column('nameEn', 'Tên tiếng Anh', 'English name', true, textCell(FIELDS.field.name), 'vd. "New rural construction"', 'e.g. "New rural construction"'),
    column('firstYear', 'Từ năm', 'First year', false, yearCell, 'để trống nếu dùng từ trước', 'empty if it always was in use'),
    column('lastYear', 'Đến năm', 'Last year', false, yearCell, 'để trống nếu còn dùng', 'empty while it is in use'),
    column('sortOrder', 'Thứ tự', 'Order', true, intCell(FIELDS.field.sortOrder), 'vị trí trong danh sách, 0–10000', 'position in lists, 0–10000'),
  ],
  UNITS: [
    column('code', 'Mã đơn vị', 'Code', true, textCell(FIELDS.unit.code), 'mã duy nhất', 'unique code'),
    column('officialCode', 'Mã thống kê', 'Official code', true, textCell(FIELDS.unit.officialCode), 'mã đơn vị hành chính', 'statistics-office code'),
    column('name', 'Tên đơn vị', 'Name', true, textCell(FIELDS.unit.name), 'tên đầy đủ, vd. "Xã Cường Lợi"', 'full name, e.g. "Xã Cường Lợi"'),
    column(
      'kind',
      'Loại đơn vị',
      'Kind',
      true,
      enumCell(UNIT_KINDS, UNIT_KIND_ALSO),
      Object.values(UNIT_KINDS).join(' / '),
      Object.keys(UNIT_KINDS).join(' / '),
    ),
    column('level', 'Cấp', 'Level', true, enumCell(UNIT_LEVELS), Object.values(UNIT_LEVELS).join(' / '), Object.keys(UNIT_LEVELS).join(' / ')),
    column('validFrom', 'Từ ngày', 'Valid from', false, dayCell, 'YYYY-MM-DD, để trống nếu có từ trước', 'YYYY-MM-DD, empty if it predates the records', asDay),
    column('validTo', 'Đến ngày', 'Valid to', false, dayCell, 'YYYY-MM-DD, để trống nếu còn tồn tại', 'YYYY-MM-DD, empty while it exists', asDay),
    column(
      'parent',
      'Mã đơn vị cấp trên',
      'Parent code',
      false,
      textCell(FIELDS.unit.parent),
      'phải tồn tại vào "Từ ngày"; đổi cấp trên bằng moveUnit',
      'must exist on "Valid from"; change it with moveUnit',
    ),
    column('note', 'Ghi chú', 'Note', false, textCell(FIELDS.unit.note), '', ''),
  ],
  MODELS: [
    column(
      'registrationKey',
      'Mã đăng ký',
      'Registration key',
      true,
      textCell(FIELDS.model.registrationKey),
      'duy nhất: chữ, số và . _ / -',
      'unique: letters, digits and . _ / -',
    ),
    column('kind', 'Loại', 'Kind', true, enumCell(MODEL_KINDS), 'Mô hình / Điển hình', 'MODEL / EXEMPLAR'),
    column('holder', 'Chủ thể', 'Holder', true, enumCell(HOLDERS), 'Tập thể / Cá nhân', 'COLLECTIVE / INDIVIDUAL'),
    column('title', 'Tên mô hình', 'Title', true, textCell(FIELDS.model.title), 'tên bằng tiếng Việt', 'name, in Vietnamese'),
    column('description', 'Mô tả', 'Description', false, textCell(FIELDS.model.description), '', ''),
    column('unit', 'Mã đơn vị', 'Unit code', true, textCell(FIELDS.model.unit), 'phải tồn tại trong năm bắt đầu', 'must exist in the start year'),
    column(
      'field',
      'Mã lĩnh vực',
      'Field code',
      true,
      textCell(FIELDS.model.field),
      'vd. NONG_THON_MOI, phải được dùng trong năm bắt đầu',
      'e.g. NONG_THON_MOI; in use in the start year',
    ),
    column('startYear', 'Năm bắt đầu', 'Start year', true, yearCell, `${FIRST_YEAR}–${LAST_YEAR}`, `${FIRST_YEAR}–${LAST_YEAR}`),
    column('endYear', 'Năm kết thúc', 'End year', false, yearCell, 'để trống nếu còn hoạt động', 'empty while it runs'),
    column('sourceUrl', 'Nguồn', 'Source URL', false, urlCell, 'địa chỉ web của nguồn công bố', 'web address of the published source'),
  ],
  EVALUATIONS: [
    column(
      'model',
      'Mã đăng ký mô hình',
      'Model registration key',
      true,
      textCell(FIELDS.evaluation.model),
      'mô hình phải hoạt động trong năm',
      'the model must be active in the year',
    ),
    yearColumn,
    column('rating', 'Xếp loại', 'Rating', true, enumCell(RATINGS), 'Tiêu biểu / Đạt hiệu quả / Chưa hiệu quả', 'OUTSTANDING / EFFECTIVE / NOT_EFFECTIVE'),
    column(
      'recommendedForReplication',
      'Khuyến cáo nhân rộng',
      'Recommended for replication',
      false,
      booleanCell,
      'có / không (mặc định không)',
      'có / không (default không)',
      asBoolean,
    ),
    column(
      'evaluator',
      'Đơn vị đánh giá',
      'Evaluator unit code',
      false,
      textCell(FIELDS.evaluation.evaluator),
      'mã đơn vị, phải tồn tại trong năm',
      'unit code; must exist in the year',
    ),
    column('note', 'Ghi chú', 'Note', false, textCell(FIELDS.evaluation.note), '', ''),
  ],
  PLANS: [
    unitColumn(),
    yearColumn,
    column('documentNumber', 'Số kế hoạch', 'Document number', false, textCell(FIELDS.plan.documentNumber), 'vd. 12/KH-UBND', 'e.g. 12/KH-UBND'),
    column('issuedOn', 'Ngày ban hành', 'Issued on', false, dayCell, 'YYYY-MM-DD', 'YYYY-MM-DD', asDay),
  ],
  SATISFACTION_SURVEYS: [
    unitColumn(),
    yearColumn,
    column('respondents', 'Số người được khảo sát', 'Respondents', true, intCell(FIELDS.survey.respondents), 'ít nhất 1', 'at least 1'),
    column(
      'satisfied',
      'Số người hài lòng',
      'Satisfied',
      true,
      intCell(FIELDS.survey.satisfied),
      'không vượt quá số người được khảo sát',
      'at most the respondents',
    ),
  ],
  NEW_RURAL_STATUSES: [
    column('unit', 'Mã đơn vị', 'Unit code', true, textCell(FIELDS.status.unit), 'mã xã, phải tồn tại trong năm', 'code of a commune that exists in the year'),
    yearColumn,
    column('criteriaMet', 'Số tiêu chí đạt', 'Criteria met', true, intCell(FIELDS.status.criteriaMet), '0–19', '0–19'),
    column(
      'recognisedOn',
      'Ngày công nhận đạt chuẩn',
      'Recognised on',
      false,
      dayCell,
      'YYYY-MM-DD, chỉ khi đạt đủ 19 tiêu chí',
      'YYYY-MM-DD, only with all 19 criteria',
      asDay,
    ),
  ],
};

/** Names of the kinds in the templates' file names and the CLI's --kind. */
export const KIND_SLUGS: Record<ImportKind, string> = {
  FIELDS: 'fields',
  UNITS: 'units',
  MODELS: 'models',
  EVALUATIONS: 'evaluations',
  PLANS: 'plans',
  SATISFACTION_SURVEYS: 'satisfaction-surveys',
  NEW_RURAL_STATUSES: 'new-rural-statuses',
};

export function kindFromSlug(slug: string): ImportKind | undefined {
  const folded = slug.trim().toLowerCase().replace(/_/g, '-');
  return IMPORT_KINDS.find((kind) => KIND_SLUGS[kind] === folded || kind.toLowerCase().replace(/_/g, '-') === folded);
}

/** A header folded for matching: case, diacritics, spaces and punctuation do not matter. */
export const foldHeader = (header: string) => foldForSearch(header).replace(/[^a-z0-9]+/g, '');

/** The column a header names, by its Vietnamese header, its English header or its key. */
export function columnFor(kind: ImportKind, header: string): Column | undefined {
  const folded = foldHeader(header);
  return COLUMNS[kind].find((col) => foldHeader(col.vi) === folded || foldHeader(col.en) === folded || foldHeader(col.key) === folded);
}

/** Guesses the kind from a header line: the kind whose required columns are all there, with no unknown column. */
export function guessKind(headers: string[]): ImportKind | undefined {
  const fits = IMPORT_KINDS.filter((kind) => {
    const found = headers.map((header) => columnFor(kind, header));
    return !found.includes(undefined) && COLUMNS[kind].every((col) => !col.required || found.includes(col));
  });
  return fits.length === 1 ? fits[0] : undefined;
}
