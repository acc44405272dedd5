// The rules of the records officers enter, written once for the data-entry mutations and the spreadsheet
// import: per field (lengths, patterns, ranges, lists) and across fields and records (satisfied ≤
// respondents, recognition only with 19 criteria, the model ran in the year, …). Each finding names its
// field and says what is wrong in Vietnamese and English, as a phrase: the mutations answer the English one
// under the input's path, the import a sentence of each under the row's column.
import { z } from 'zod';
import { UNIT_KIND_WORDS } from '../units/kinds.ts';

/** Reports are yearly; the movement starts in 2009 and records before 1990 would be typos. */
export const FIRST_YEAR = 1990;
export const LAST_YEAR = 2100;
/** Days reach further back than reports: a unit founded, a commune recognised, decades before. */
export const FIRST_DAY_YEAR = FIRST_YEAR - 90;

/** Whether a field (lĩnh vực) is in use in a year: not before its first year, not after its last (the 2018 scheme added administrative reform). */
export function fieldInUse(field: { firstYear: number | null; lastYear: number | null }, year: number): boolean {
  return (field.firstYear == null || field.firstYear <= year) && (field.lastYear == null || field.lastYear >= year);
}

/** The calendar day (month 1–12), or why there is none: no such day, or a year outside FIRST_DAY_YEAR–LAST_YEAR. */
export function calendarDay(year: number, month: number, dayOfMonth: number): Date | 'not a day' | 'out of range' {
  const day = new Date(Date.UTC(year, month - 1, dayOfMonth));
  if (day.getUTCFullYear() !== year || day.getUTCMonth() !== month - 1 || day.getUTCDate() !== dayOfMonth) return 'not a day';
  return year < FIRST_DAY_YEAR || year > LAST_YEAR ? 'out of range' : day;
}

/** What is wrong with a record, at one of its fields. */
export interface Finding {
  field: string;
  vi: string;
  en: string;
}

const finding = (field: string, vi: string, en: string): Finding => ({ field, vi, en });

// Per-field rules.

export interface TextRule {
  max: number;
  pattern?: { re: RegExp; vi: string; en: string };
}
export interface IntRule {
  min: number;
  max: number;
  vi: string;
  en: string;
}

const textRule = (max: number, pattern?: TextRule['pattern']): TextRule => ({ max, pattern });
const intRule = (min: number, max: number, vi = `một số nguyên từ ${min} đến ${max}`, en = `a whole number from ${min} to ${max}`): IntRule => ({
  min,
  max,
  vi,
  en,
});

export const YEAR: IntRule = intRule(FIRST_YEAR, LAST_YEAR, `một năm từ ${FIRST_YEAR} đến ${LAST_YEAR}`, `a year from ${FIRST_YEAR} to ${LAST_YEAR}`);
/** A web address of a published source. */
export const URL_MAX = 500;

const UNIT_CODE = textRule(32, { re: /^[A-Za-z0-9._-]+$/, vi: 'chỉ gồm chữ, số và . - _', en: 'letters, digits and . - _ only' });
const REGISTRATION_KEY = textRule(64, { re: /^[\p{L}\p{N}._/-]+$/u, vi: 'chỉ gồm chữ, số và . _ / -', en: 'letters, digits and . _ / - only' });
const UNIT_REF = textRule(32);
/** The code of reference data: a field or an indicator. */
const REFERENCE_CODE = textRule(64, {
  re: /^[A-Z][A-Z0-9_]{1,63}$/,
  vi: 'từ 2 đến 64 chữ in hoa, chữ số và dấu _, bắt đầu bằng chữ',
  en: '2 to 64 upper case letters, digits and underscores, starting with a letter',
});
const MODEL_REF = textRule(64);

/** The per-field rules of each kind of record (the import's cells and the mutations' inputs). */
export const FIELDS = {
  unit: { code: UNIT_CODE, officialCode: UNIT_CODE, name: textRule(200), parent: UNIT_CODE, note: textRule(2000) },
  model: { registrationKey: REGISTRATION_KEY, title: textRule(300), description: textRule(4000), unit: UNIT_REF, field: textRule(64) },
  evaluation: { model: MODEL_REF, evaluator: UNIT_REF, note: textRule(2000) },
  award: { model: MODEL_REF, title: textRule(300), decisionNumber: textRule(100), grantor: UNIT_REF },
  plan: { unit: UNIT_REF, documentNumber: textRule(100) },
  survey: {
    unit: UNIT_REF,
    respondents: intRule(1, 10_000_000, 'ít nhất 1, tối đa 10 000 000', 'at least 1, at most 10,000,000'),
    satisfied: intRule(0, 10_000_000),
  },
  status: { unit: UNIT_REF, criteriaMet: intRule(0, 19, 'từ 0 đến 19 (trên 19 tiêu chí)', 'from 0 to 19 (out of 19 criteria)') },
  field: { code: REFERENCE_CODE, name: textRule(300), sortOrder: intRule(0, 10_000) },
} as const;

/** The lists, each code with its Vietnamese label. */
export const RATINGS = { OUTSTANDING: 'Tiêu biểu', EFFECTIVE: 'Đạt hiệu quả', NOT_EFFECTIVE: 'Chưa hiệu quả' } as const;
export const MODEL_KINDS = { MODEL: 'Mô hình', EXEMPLAR: 'Điển hình' } as const;
export const HOLDERS = { COLLECTIVE: 'Tập thể', INDIVIDUAL: 'Cá nhân' } as const;
export const AWARD_LEVELS = { CENTRAL: 'Trung ương', PROVINCE: 'Cấp tỉnh', DISTRICT: 'Cấp huyện', COMMUNE: 'Cấp xã' } as const;
/** The same lists in English, for the forms' English page (web/app). */
export const IN_ENGLISH = {
  ratings: { OUTSTANDING: 'Outstanding', EFFECTIVE: 'Effective', NOT_EFFECTIVE: 'Not effective' },
  modelKinds: { MODEL: 'Model', EXEMPLAR: 'Exemplar' },
  holders: { COLLECTIVE: 'Collective', INDIVIDUAL: 'Individual' },
  awardLevels: { CENTRAL: 'Central', PROVINCE: 'Province', DISTRICT: 'District', COMMUNE: 'Commune' },
} satisfies {
  ratings: Record<keyof typeof RATINGS, string>;
  modelKinds: Record<keyof typeof MODEL_KINDS, string>;
  holders: Record<keyof typeof HOLDERS, string>;
  awardLevels: Record<keyof typeof AWARD_LEVELS, string>;
};
/** Each kind with its label (src/units/kinds.ts). */
export const UNIT_KINDS = Object.fromEntries(Object.entries(UNIT_KIND_WORDS).map(([kind, words]) => [kind, words.one.vi])) as Record<
  keyof typeof UNIT_KIND_WORDS,
  string
>;
/** Other names of kinds the import accepts. */
export const UNIT_KIND_ALSO = Object.fromEntries(Object.entries(UNIT_KIND_WORDS).map(([kind, words]) => [kind, words.also ?? []])) as Record<
  keyof typeof UNIT_KIND_WORDS,
  string[]
>;
export const UNIT_LEVELS = { CENTRAL: 'Cấp trung ương', PROVINCE: 'Cấp tỉnh', DISTRICT: 'Cấp huyện', COMMUNE: 'Cấp xã' } as const;

// The per-field rules as zod schemas, for the mutations.

/** What is wrong with a text by its field's rule, or nothing: the mutations' check (zText) and the forms' (web/app). */
export function textFinding(field: string, rule: TextRule, value: string): Finding | undefined {
  const text = value.trim();
  if (!text) return finding(field, 'không được để trống', 'must not be empty');
  if (text.length > rule.max) return finding(field, `tối đa ${rule.max} ký tự`, `at most ${rule.max} characters`);
  if (rule.pattern && !rule.pattern.re.test(text)) return finding(field, rule.pattern.vi, rule.pattern.en);
  return undefined;
}

/** What is wrong with a number by its field's rule, or nothing. */
export function intFinding(field: string, rule: IntRule, value: number): Finding | undefined {
  return Number.isInteger(value) && value >= rule.min && value <= rule.max ? undefined : finding(field, `phải là ${rule.vi}`, `must be ${rule.en}`);
}

/** A finding as a zod issue: its English message, and the Vietnamese one for the problem (src/entry/checks.ts). */
const issueOf = (found: Finding | undefined, issues: z.RefinementCtx) =>
  found && issues.addIssue({ code: 'custom', message: found.en, params: { vi: found.vi } });
export const zText = (rule: TextRule) =>
  z
    .string()
    .superRefine((value, issues) => issueOf(textFinding('', rule, value), issues))
    .transform((value) => value.trim());
export const zInt = (rule: IntRule) => z.number().superRefine((value, issues) => issueOf(intFinding('', rule, value), issues));
export const zEnum = <T extends string>(labels: Record<T, string>) => z.enum(Object.keys(labels) as [T, ...T[]]);
export const zYear = zInt(YEAR);

/** A zod object schema that also applies a record's cross-field rules, each finding an issue at its field. */
export function refinedBy<S extends z.ZodObject>(schema: S, rules: (value: z.infer<S>) => Finding[]) {
  return schema.superRefine((value, issues) => {
    for (const found of rules(value)) issues.addIssue({ code: 'custom', path: [found.field], message: found.en, params: { vi: found.vi } });
  });
}

// Cross-field rules, over typed values.

export const modelRules = (model: { startYear: number; endYear?: number | null }): Finding[] =>
  model.endYear != null && model.endYear < model.startYear ? [finding('endYear', 'không được trước năm bắt đầu', 'must not be before the start year')] : [];

export const awardRules = (award: { year: number; decisionDate?: Date | null }): Finding[] =>
  award.decisionDate && award.decisionDate.getUTCFullYear() !== award.year
    ? [finding('decisionDate', 'phải thuộc năm khen thưởng', 'must fall in the year of the award')]
    : [];

export const fieldRules = (field: { firstYear: number | null; lastYear: number | null }): Finding[] =>
  field.firstYear !== null && field.lastYear !== null && field.lastYear < field.firstYear
    ? [finding('lastYear', 'không được trước năm bắt đầu dùng', 'must not be before the first year')]
    : [];

export const surveyRules = (survey: { respondents: number; satisfied: number }): Finding[] =>
  survey.satisfied > survey.respondents ? [finding('satisfied', 'không được vượt quá số người được khảo sát', 'cannot exceed respondents')] : [];

export function statusRules(status: { year: number; criteriaMet: number; recognisedOn?: Date | null }): Finding[] {
  const found: Finding[] = [];
  if (status.recognisedOn && status.criteriaMet !== 19) {
    found.push(finding('recognisedOn', 'chỉ được công nhận khi đạt đủ 19 tiêu chí', 'a commune is recognised only with all 19 criteria met'));
  }
  if (status.recognisedOn && status.recognisedOn.getUTCFullYear() > status.year) {
    found.push(finding('recognisedOn', 'không được sau năm ghi nhận', 'cannot be after the year recorded'));
  }
  return found;
}

/** The level an administrative kind sits at; organisations may sit at any. */
const levelOfKind: Partial<Record<keyof typeof UNIT_KINDS, keyof typeof UNIT_LEVELS>> = {
  COUNTRY: 'CENTRAL',
  PROVINCE: 'PROVINCE',
  DISTRICT: 'DISTRICT',
  COMMUNE: 'COMMUNE',
  WARD: 'COMMUNE',
  TOWNSHIP: 'COMMUNE',
};

export const unitRules = (unit: { kind?: string; level?: string; validFrom?: Date | null; validTo?: Date | null }): Finding[] => [
  ...(unit.validFrom && unit.validTo && unit.validTo < unit.validFrom
    ? [finding('validTo', 'không được trước "Từ ngày"', 'must not be before "Valid from"')]
    : []),
  ...(unit.kind && unit.level && (levelOfKind[unit.kind as keyof typeof UNIT_KINDS] ?? unit.level) !== unit.level
    ? [
        finding(
          'level',
          'không khớp với loại đơn vị: cả nước ở cấp trung ương, tỉnh ở cấp tỉnh, huyện ở cấp huyện, xã, phường, thị trấn ở cấp xã',
          'does not match the kind: the country is at CENTRAL level, a province at PROVINCE, a district at DISTRICT, a commune, ward or township at COMMUNE',
        ),
      ]
    : []),
];

/** Organisations are the kinds without a level of their own: they take that of the authority they serve. */
const isOrganisation = (kind: string) => Object.hasOwn(UNIT_KINDS, kind) && levelOfKind[kind as keyof typeof UNIT_KINDS] === undefined;

/**
 * Whether a unit may sit under the parent: the country is the top of the tree; a province sits under the
 * country, or at the top in a province's own data; directly under the country sit only provinces and the
 * organisations of the central level, as under a province sit its districts and its own organisations.
 */
export function sitsUnder(unit: { kind: string; level: string }, parent: { code: string; name: string; kind: string }): Finding | undefined {
  const named = `${parent.name} (${parent.code})`;
  if (unit.kind === 'COUNTRY')
    return finding('parent', 'cả nước là gốc của cây đơn vị, không có đơn vị cấp trên', 'the country is the top of the tree and has no parent');
  if (unit.kind === 'PROVINCE' && parent.kind !== 'COUNTRY') {
    return finding(
      'parent',
      `tỉnh chỉ trực thuộc cả nước; ${named} không phải là cả nước`,
      `a province sits only under the country; ${named} is not the country`,
    );
  }
  if (parent.kind === 'COUNTRY' && unit.kind !== 'PROVINCE' && !(isOrganisation(unit.kind) && unit.level === 'CENTRAL')) {
    return finding(
      'parent',
      `trực tiếp dưới ${named} chỉ có tỉnh và các tổ chức cấp trung ương`,
      `only provinces and organisations at CENTRAL level sit directly under ${named}`,
    );
  }
  return undefined;
}

// The mutations' input schemas: the per-field rules, then the cross-field ones.

const unitYear = { unit: zText(UNIT_REF), year: zYear };

export const modelFields = refinedBy(
  z.object({
    registrationKey: zText(FIELDS.model.registrationKey),
    kind: zEnum(MODEL_KINDS),
    holder: zEnum(HOLDERS),
    title: zText(FIELDS.model.title),
    description: zText(FIELDS.model.description).nullish(),
    unit: zText(FIELDS.model.unit),
    field: zText(FIELDS.model.field),
    startYear: zYear,
    endYear: zYear.nullish(),
    sourceUrl: z.url('a web address').max(URL_MAX).nullish(),
  }),
  modelRules,
);

export const evaluationFields = z.object({
  model: zText(FIELDS.evaluation.model),
  year: zYear,
  rating: zEnum(RATINGS),
  recommendedForReplication: z.boolean().nullish(),
  evaluator: zText(FIELDS.evaluation.evaluator).nullish(),
  note: zText(FIELDS.evaluation.note).nullish(),
});

export const awardFields = refinedBy(
  z.object({
    model: zText(FIELDS.award.model),
    year: zYear,
    level: zEnum(AWARD_LEVELS),
    title: zText(FIELDS.award.title),
    decisionNumber: zText(FIELDS.award.decisionNumber).nullish(),
    decisionDate: z.date().nullish(),
    grantor: zText(FIELDS.award.grantor).nullish(),
  }),
  awardRules,
);

export const planFields = z.object({ ...unitYear, documentNumber: zText(FIELDS.plan.documentNumber).nullish(), issuedOn: z.date().nullish() });
export const surveyFields = refinedBy(
  z.object({ ...unitYear, respondents: zInt(FIELDS.survey.respondents), satisfied: zInt(FIELDS.survey.satisfied) }),
  surveyRules,
);
export const statusFields = refinedBy(z.object({ ...unitYear, criteriaMet: zInt(FIELDS.status.criteriaMet), recognisedOn: z.date().nullish() }), statusRules);

// Rules against the records, over records already read (one by one for a mutation, in bulk for an import).

export const isoDay = (day: Date) => day.toISOString().slice(0, 10);

/** "2020-02-01 to …": a unit's validity, open ends as "…". */
export const lifespan = (unit: { validFrom: Date | null; validTo: Date | null }) =>
  `${unit.validFrom ? isoDay(unit.validFrom) : '…'} to ${unit.validTo ? isoDay(unit.validTo) : '…'}`;

/** A unit named by a record must exist, at some time in the record's year. */
export function unitInYear(
  unit: { name: string; validFrom: Date | null; validTo: Date | null } | null | undefined,
  code: string,
  year: number,
  field: string,
): Finding | undefined {
  if (!unit) return finding(field, `không có đơn vị nào mang mã ${JSON.stringify(code)}`, `no unit has the code ${JSON.stringify(code)}`);
  const started = !unit.validFrom || unit.validFrom.getUTCFullYear() <= year;
  const lasted = !unit.validTo || unit.validTo.getUTCFullYear() >= year;
  if (started && lasted) return undefined;
  const span = lifespan(unit);
  return finding(
    field,
    `${unit.name} (${code}) không tồn tại trong năm ${year}: đơn vị tồn tại ${span.replace(' to ', ' đến ')}`,
    `${unit.name} (${code}) did not exist in ${year}: it existed from ${span}`,
  );
}

/** A model's field must exist and be in use in its start year. */
export function fieldInYear(
  field: (Parameters<typeof fieldInUse>[0] & { nameVi: string }) | null | undefined,
  code: string,
  year: number,
): Finding | undefined {
  if (!field) return finding('field', `không có lĩnh vực nào mang mã ${JSON.stringify(code)}`, `no field has the code ${JSON.stringify(code)}`);
  if (!fieldInUse(field, year)) return finding('field', `${field.nameVi} không được dùng trong năm ${year}`, `${field.nameVi} is not in use in ${year}`);
  return undefined;
}

type ModelYears = { startYear: number; endYear: number | null };
const unknownModel = (key: string) =>
  finding('model', `không có mô hình nào mang mã đăng ký ${JSON.stringify(key)}`, `no model has the registration key ${JSON.stringify(key)}`);

/** An evaluation's model must exist and have run in the evaluated year. */
export function modelRanIn(model: ModelYears | null | undefined, key: string, year: number): Finding | undefined {
  if (!model) return unknownModel(key);
  if (model.startYear <= year && (model.endYear ?? Infinity) >= year) return undefined;
  return finding(
    'year',
    `mô hình hoạt động ${model.startYear}–${model.endYear ?? 'nay'}, không có trong năm ${year}`,
    `the model ran from ${model.startYear} to ${model.endYear ?? 'now'}, not in ${year}`,
  );
}

/** An award's model must exist and have started by the award's year. */
export function modelStartedBy(model: ModelYears | null | undefined, key: string, year: number): Finding | undefined {
  if (!model) return unknownModel(key);
  return model.startYear > year
    ? finding('year', `mô hình bắt đầu năm ${model.startYear}, sau năm ${year}`, `the model started in ${model.startYear}, after ${year}`)
    : undefined;
}

/** Only communes have a new-rural status. */
export const communeOnly = (unit: { code: string; kind: string }): Finding | undefined =>
  unit.kind === 'COMMUNE'
    ? undefined
    : finding(
        'unit',
        `${unit.code} không phải là xã: chỉ xã có trạng thái nông thôn mới`,
        `${unit.code} is not a commune (xã): only communes have a new-rural status`,
      );
