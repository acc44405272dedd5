// A definition in words, Vietnamese and English, for leaders who read "the share of communes with at
// least one effective model in new rural construction" rather than JSON.
import type { UnitKind } from '../generated/sqlite/client.ts';
import { IN_ENGLISH, RATINGS } from '../entry/rules.ts';
import { UNIT_KIND_WORDS } from '../units/kinds.ts';
import type { Definition, ModelCondition, ModelFilter } from './definition.ts';

export interface Words {
  vi: string;
  en: string;
}

/** How a sentence names several units of a kind (src/units/kinds.ts). */
export const unitKindNames = Object.fromEntries(Object.entries(UNIT_KIND_WORDS).map(([kind, words]) => [kind, words.many])) as Record<UnitKind, Words>;

/** How a sentence names a rating: the forms' label (src/entry/rules.ts), lowered ("đạt hiệu quả"). */
const ratingNames = Object.fromEntries(
  Object.entries(RATINGS).map(([rating, label]) => [
    rating,
    { vi: label.toLocaleLowerCase('vi'), en: IN_ENGLISH.ratings[rating as keyof typeof RATINGS].toLowerCase() },
  ]),
) as Record<keyof typeof RATINGS, Words>;

function list(words: Words[], join: Words): Words {
  const joined = (language: keyof Words) => {
    const parts = words.map((word) => word[language]);
    return parts.length < 2 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} ${join[language]} ${parts.at(-1)}`;
  };
  return { vi: joined('vi'), en: joined('en') };
}

const and = { vi: 'và', en: 'and' };
const or = { vi: 'hoặc', en: 'or' };

function unitKinds(kinds: UnitKind[]): Words {
  return list(
    kinds.map((kind) => unitKindNames[kind]),
    and,
  );
}

function models(filter: ModelFilter, fieldNames: Map<string, Words>, count = 1): Words {
  const ratings = filter.ratings
    ? list(
        filter.ratings.map((rating) => ratingNames[rating]),
        or,
      )
    : undefined;
  const fields = filter.fields
    ? list(
        filter.fields.map((code) => fieldNames.get(code) ?? { vi: code, en: code }),
        or,
      )
    : undefined;
  const noun = filter.modelKinds?.length === 1 && filter.modelKinds[0] === 'EXEMPLAR' ? { vi: 'điển hình', en: 'exemplar' } : { vi: 'mô hình', en: 'model' };
  return {
    vi: `${count} ${noun.vi}${ratings ? ` được đánh giá ${ratings.vi}` : ''}${fields ? ` trong lĩnh vực ${fields.vi}` : ''}`,
    en: `${count} ${ratings ? `${ratings.en} ` : ''}${noun.en}${count > 1 ? 's' : ''}${fields ? ` in ${fields.en}` : ''}`,
  };
}

function condition(meeting: ModelCondition): Words {
  if ('evaluated' in meeting) return { vi: 'được đánh giá trong năm', en: 'reviewed in the year' };
  if ('recommendedForReplication' in meeting) return { vi: 'được khuyến cáo nhân rộng trong năm', en: 'recommended for replication in the year' };
  const ratings = list(
    meeting.ratings.map((rating) => ratingNames[rating]),
    or,
  );
  return { vi: `được đánh giá ${ratings.vi} trong năm`, en: `rated ${ratings.en} in the year` };
}

/** The definition in words; `fieldNames` gives the names of the field codes it mentions. */
export function describeDefinition(definition: Definition, fieldNames: Map<string, Words>): Words {
  switch (definition.measure) {
    case 'UNITS_WITH_MODELS': {
      const population = unitKinds(definition.unitKinds);
      const wanted = models(definition.models, fieldNames, definition.minModels);
      return definition.inEveryField
        ? {
            vi: `Tỷ lệ ${population.vi} có ít nhất ${wanted.vi} đang thực hiện ở mỗi lĩnh vực của năm`,
            en: `Share of ${population.en} with at least ${wanted.en} active in every field of the year`,
          }
        : { vi: `Tỷ lệ ${population.vi} có ít nhất ${wanted.vi} trong năm`, en: `Share of ${population.en} with at least ${wanted.en} in the year` };
    }
    case 'MODELS_MEETING': {
      const counted = models(definition.models, fieldNames);
      const meeting = condition(definition.condition);
      return {
        vi: `Tỷ lệ ${counted.vi.replace(/^1 /, '')} đang thực hiện trong năm ${meeting.vi}`,
        en: `Share of the ${counted.en.replace(/^1 /, '')}s active in the year that were ${meeting.en}`,
      };
    }
    case 'UNITS_WITH_PLAN': {
      const population = unitKinds(definition.unitKinds);
      return {
        vi: `Tỷ lệ ${population.vi} có kế hoạch thực hiện phong trào trong năm`,
        en: `Share of ${population.en} with a plan for the movement for the year`,
      };
    }
    case 'SATISFIED_RESPONDENTS':
      return {
        vi: 'Tỷ lệ người dân, tổ chức được khảo sát hài lòng với việc giải quyết thủ tục hành chính trong năm',
        en: 'Share of surveyed citizens and organisations satisfied with administrative procedures in the year',
      };
    case 'NEW_RURAL_RECOGNISED': {
      const population = unitKinds(definition.unitKinds);
      return {
        vi: `Tỷ lệ ${population.vi} được công nhận đạt chuẩn nông thôn mới đến cuối năm`,
        en: `Share of ${population.en} recognised as meeting the new-rural standard by the end of the year`,
      };
    }
  }
}
