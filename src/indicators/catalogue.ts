// Catalogue packages (gói danh mục): reference data an administrator loads in one step, on an empty
// database or beside what it holds (docs/going-live.md). The one package so far is the demo's: the fields of
// the movement and the indicators of DESIGN.md §3 with the targets of Bắc Kạn's 2018-2020 scheme (Đề án
// "Nâng cao hiệu quả phong trào Dân vận khéo trong giai đoạn hiện nay"), kept for 2021-2025 since no source
// sets others. They are data: the demo seed writes them, and a province loads them, like any an administrator adds.
import type { Definition } from './definition.ts';

export interface CatalogueField {
  code: string;
  nameVi: string;
  nameEn: string;
  /** First year the field is used; null when it always was. */
  firstYear: number | null;
  /** Last year the field is used; null while it still is. */
  lastYear: number | null;
  sortOrder: number;
}

export interface CatalogueIndicator {
  code: string;
  nameVi: string;
  nameEn: string;
  numeratorVi: string;
  numeratorEn: string;
  denominatorVi: string;
  denominatorEn: string;
  definition: Definition;
  sortOrder: number;
  targets: { value: number; firstYear: number; lastYear: number; source: string | null }[];
}

/** Fields, then indicators: the order they are written in, since definitions name fields. */
export interface Catalogue {
  fields: CatalogueField[];
  indicators: CatalogueIndicator[];
}

const scheme2018 = 'Đề án "Nâng cao hiệu quả phong trào Dân vận khéo trong giai đoạn hiện nay", Ban Thường vụ Tỉnh ủy Bắc Kạn, 2018-2020';
const kept2021 = 'Giữ mục tiêu giai đoạn 2018-2020 (chưa có nguồn công bố mục tiêu khác)';
const targets = (value: number) => [
  { value, firstYear: 2018, lastYear: 2020, source: scheme2018 },
  { value, firstYear: 2021, lastYear: 2025, source: kept2021 },
];
const communeLevel = ['COMMUNE', 'WARD', 'TOWNSHIP'] as const;
const effective = ['EFFECTIVE', 'OUTSTANDING'] as const;

const fields: CatalogueField[] = [
  { code: 'KINH_TE', nameVi: 'Kinh tế', nameEn: 'Economy', firstYear: null, lastYear: null, sortOrder: 1 },
  { code: 'VAN_HOA_XA_HOI', nameVi: 'Văn hóa - xã hội', nameEn: 'Culture and society', firstYear: null, lastYear: null, sortOrder: 2 },
  { code: 'QUOC_PHONG_AN_NINH', nameVi: 'Quốc phòng - an ninh', nameEn: 'Defence and security', firstYear: null, lastYear: null, sortOrder: 3 },
  { code: 'XAY_DUNG_HTCT', nameVi: 'Xây dựng hệ thống chính trị', nameEn: 'Building the political system', firstYear: null, lastYear: null, sortOrder: 4 },
  { code: 'NONG_THON_MOI', nameVi: 'Xây dựng nông thôn mới', nameEn: 'New rural construction', firstYear: null, lastYear: null, sortOrder: 5 },
  // Bắc Kạn's 2018-2020 scheme made administrative reform a field of its own.
  { code: 'CAI_CACH_HANH_CHINH', nameVi: 'Cải cách hành chính', nameEn: 'Administrative reform', firstYear: 2018, lastYear: null, sortOrder: 6 },
];

const indicators: Omit<CatalogueIndicator, 'sortOrder'>[] = [
  {
    code: 'PLAN_COVERAGE',
    nameVi: 'Đơn vị có kế hoạch thực hiện phong trào',
    nameEn: 'Units with a plan for the movement',
    numeratorVi: 'Huyện, xã, cơ quan, tổ chức Đảng có kế hoạch trong năm',
    numeratorEn: 'Districts, communes, agencies and Party organisations with a plan for the year',
    denominatorVi: 'Huyện, xã, cơ quan, tổ chức Đảng',
    denominatorEn: 'Districts, communes, agencies and Party organisations',
    definition: { measure: 'UNITS_WITH_PLAN', unitKinds: ['DISTRICT', ...communeLevel, 'AGENCY', 'PARTY_ORGANISATION'] },
    targets: targets(1),
  },
  {
    code: 'COMMUNE_ALL_FIELDS',
    nameVi: 'Xã, phường, thị trấn có mô hình trên tất cả các lĩnh vực',
    nameEn: 'Commune-level units with models in every field',
    numeratorVi: 'Xã, phường, thị trấn có mô hình đang thực hiện ở mỗi lĩnh vực của năm',
    numeratorEn: 'Commune-level units with an active model in every field of the year',
    denominatorVi: 'Xã, phường, thị trấn',
    denominatorEn: 'Commune-level units',
    definition: { measure: 'UNITS_WITH_MODELS', unitKinds: [...communeLevel], models: {}, minModels: 1, inEveryField: true },
    targets: targets(1),
  },
  {
    code: 'COMMUNE_NTM_EFFECTIVE',
    nameVi: 'Xã có mô hình hiệu quả trong xây dựng nông thôn mới',
    nameEn: 'Communes with an effective new-rural model',
    numeratorVi: 'Xã có ít nhất 01 mô hình xây dựng nông thôn mới được đánh giá hiệu quả trong năm',
    numeratorEn: 'Communes with at least one new-rural construction model rated effective in the year',
    denominatorVi: 'Xã',
    denominatorEn: 'Communes (xã)',
    definition: {
      measure: 'UNITS_WITH_MODELS',
      unitKinds: ['COMMUNE'],
      models: { fields: ['NONG_THON_MOI'], ratings: [...effective] },
      minModels: 1,
      inEveryField: false,
    },
    targets: targets(1),
  },
  {
    code: 'AGENCY_EFFECTIVE',
    nameVi: 'Cơ quan, đơn vị có mô hình hiệu quả',
    nameEn: 'Agencies with an effective model',
    numeratorVi: 'Cơ quan, đơn vị có ít nhất 01 mô hình được đánh giá hiệu quả trong năm',
    numeratorEn: 'Agencies with at least one model rated effective in the year',
    denominatorVi: 'Cơ quan, đơn vị',
    denominatorEn: 'Agencies',
    definition: { measure: 'UNITS_WITH_MODELS', unitKinds: ['AGENCY'], models: { ratings: [...effective] }, minModels: 1, inEveryField: false },
    targets: targets(1),
  },
  {
    code: 'MODELS_REVIEWED',
    nameVi: 'Mô hình được rà soát, đánh giá',
    nameEn: 'Models reviewed',
    numeratorVi: 'Mô hình đang thực hiện được đánh giá trong năm',
    numeratorEn: 'Active models with an evaluation for the year',
    denominatorVi: 'Mô hình đang thực hiện trong năm',
    denominatorEn: 'Models active in the year',
    definition: { measure: 'MODELS_MEETING', models: {}, condition: { evaluated: true } },
    targets: targets(1),
  },
  {
    code: 'MODELS_REPLICATED',
    nameVi: 'Mô hình hiệu quả được khuyến cáo nhân rộng',
    nameEn: 'Effective models recommended for replication',
    numeratorVi: 'Mô hình hiệu quả được khuyến cáo nhân rộng trong năm',
    numeratorEn: 'Effective models recommended for replication in the year',
    denominatorVi: 'Mô hình được đánh giá hiệu quả trong năm',
    denominatorEn: 'Models rated effective in the year',
    definition: { measure: 'MODELS_MEETING', models: { ratings: [...effective] }, condition: { recommendedForReplication: true } },
    targets: [],
  },
  {
    code: 'SATISFACTION',
    nameVi: 'Sự hài lòng của người dân, tổ chức',
    nameEn: 'Citizen and organisation satisfaction',
    numeratorVi: 'Người được khảo sát hài lòng',
    numeratorEn: 'Satisfied respondents',
    denominatorVi: 'Người được khảo sát',
    denominatorEn: 'Respondents',
    definition: { measure: 'SATISFIED_RESPONDENTS' },
    targets: targets(0.8),
  },
  {
    code: 'NTM_RECOGNISED',
    nameVi: 'Xã đạt chuẩn nông thôn mới',
    nameEn: 'Communes recognised as new-rural',
    numeratorVi: 'Xã được công nhận đạt chuẩn nông thôn mới đến cuối năm',
    numeratorEn: 'Communes recognised as meeting the new-rural standard by the end of the year',
    denominatorVi: 'Xã',
    denominatorEn: 'Communes (xã)',
    definition: { measure: 'NEW_RURAL_RECOGNISED', unitKinds: ['COMMUNE'] },
    targets: [],
  },
];

export const CATALOGUE_PACKAGES = {
  DVK_2018_2020: {
    nameVi: 'Đề án Dân vận khéo 2018-2020 (Bắc Kạn): 6 lĩnh vực, 8 chỉ tiêu',
    nameEn: 'The Dân vận khéo scheme 2018-2020 (Bắc Kạn): 6 fields, 8 indicators',
    catalogue: { fields, indicators: indicators.map((indicator, sortOrder) => ({ ...indicator, sortOrder })) },
  },
} satisfies Record<string, { nameVi: string; nameEn: string; catalogue: Catalogue }>;

export type CataloguePackageCode = keyof typeof CATALOGUE_PACKAGES;

/** The package the demo seeds, and the one a province running the 2018-2020 scheme loads. */
export const DEMO_CATALOGUE: Catalogue = CATALOGUE_PACKAGES.DVK_2018_2020.catalogue;
