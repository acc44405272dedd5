// Kinds of unit (loại đơn vị) in words: the one table of them. `one` labels a unit of the kind (the
// dashboard's subtitle, the import's cells and templates); `many` is how a sentence names several (an
// indicator's definition in words, the breakdown's groups by kind). `also` lists other names the import
// accepts for the kind (what officers write in their sheets). Pure: the web pages import it too.

import type { UnitKind } from '../generated/sqlite/client.ts';

type Words = { vi: string; en: string };

export const UNIT_KIND_WORDS: Record<UnitKind, { one: Words; many: Words; also?: string[] }> = {
  COUNTRY: { one: { vi: 'Cả nước', en: 'Country' }, many: { vi: 'cả nước', en: 'the country' } },
  PROVINCE: { one: { vi: 'Tỉnh', en: 'Province' }, many: { vi: 'tỉnh', en: 'provinces' } },
  // District level (cấp huyện): huyện, and the towns and cities of that level.
  DISTRICT: { one: { vi: 'Đơn vị cấp huyện', en: 'District' }, many: { vi: 'huyện, thành phố', en: 'districts' }, also: ['Huyện'] },
  COMMUNE: { one: { vi: 'Xã', en: 'Commune' }, many: { vi: 'xã', en: 'communes' } },
  WARD: { one: { vi: 'Phường', en: 'Ward' }, many: { vi: 'phường', en: 'wards' } },
  TOWNSHIP: { one: { vi: 'Thị trấn', en: 'Township' }, many: { vi: 'thị trấn', en: 'townships' } },
  AGENCY: { one: { vi: 'Cơ quan, đơn vị', en: 'Agency' }, many: { vi: 'cơ quan, đơn vị', en: 'agencies' }, also: ['Cơ quan'] },
  PARTY_ORGANISATION: { one: { vi: 'Tổ chức Đảng', en: 'Party organisation' }, many: { vi: 'tổ chức Đảng', en: 'Party organisations' } },
  MASS_ORGANISATION: { one: { vi: 'Đoàn thể', en: 'Mass organisation' }, many: { vi: 'đoàn thể', en: 'mass organisations' } },
  FRONT: { one: { vi: 'Mặt trận Tổ quốc', en: 'Fatherland Front' }, many: { vi: 'Mặt trận Tổ quốc', en: 'Fatherland Front committees' } },
};

/**
 * How a breakdown groups the units below, each family on its own axis and ranked within it: districts are
 * not ranked against the province's agencies (issue 17). Every kind is in one family.
 */
export const UNIT_FAMILIES: { code: string; kinds: UnitKind[]; words: Words }[] = [
  {
    code: 'ADMINISTRATIVE',
    kinds: ['COUNTRY', 'PROVINCE', 'DISTRICT', 'COMMUNE', 'WARD', 'TOWNSHIP'],
    words: { vi: 'Đơn vị hành chính', en: 'Administrative units' },
  },
  { code: 'AGENCIES', kinds: ['AGENCY'], words: { vi: 'Cơ quan, đơn vị', en: 'Agencies' } },
  { code: 'PARTY', kinds: ['PARTY_ORGANISATION'], words: { vi: 'Tổ chức Đảng', en: 'Party organisations' } },
  { code: 'FRONT_AND_MASS', kinds: ['FRONT', 'MASS_ORGANISATION'], words: { vi: 'Mặt trận, đoàn thể', en: 'Front and mass organisations' } },
];
