// The phrases a definition in words is made of, Vietnamese and English, for leaders who read "the share of
// communes with at least one effective model in new rural construction" rather than JSON. Each measure
// (./measures/) makes its sentence of them.
import type { UnitKind } from '../generated/sqlite/client.ts';
import { IN_ENGLISH, RATINGS } from '../entry/rules.ts';
import { UNIT_KIND_WORDS } from '../units/kinds.ts';
import type { ModelCondition, ModelFilter } from './model-filter.ts';

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

export function unitKinds(kinds: UnitKind[]): Words {
  return list(
    kinds.map((kind) => unitKindNames[kind]),
    and,
  );
}

export function models(filter: ModelFilter, fieldNames: Map<string, Words>, count = 1): Words {
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

export function condition(meeting: ModelCondition): Words {
  if ('evaluated' in meeting) return { vi: 'được đánh giá trong năm', en: 'reviewed in the year' };
  if ('recommendedForReplication' in meeting) return { vi: 'được khuyến cáo nhân rộng trong năm', en: 'recommended for replication in the year' };
  const ratings = list(
    meeting.ratings.map((rating) => ratingNames[rating]),
    or,
  );
  return { vi: `được đánh giá ${ratings.vi} trong năm`, en: `rated ${ratings.en} in the year` };
}
