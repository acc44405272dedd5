// The indicators of DESIGN.md §3 with the targets of Bắc Kạn's 2018-2020 scheme (Đề án "Nâng cao hiệu quả
// phong trào Dân vận khéo trong giai đoạn hiện nay"), kept for 2021-2025 since no source sets others.
// They are data: the demo stores them like any indicator an administrator adds.
import type { Definition } from './definition.ts';

export interface CatalogueIndicator {
  code: string;
  nameVi: string;
  nameEn: string;
  numeratorVi: string;
  numeratorEn: string;
  denominatorVi: string;
  denominatorEn: string;
  definition: Definition;
  targets: { value: number; firstYear: number; lastYear: number; source: string }[];
}

const scheme2018 = 'Đề án "Nâng cao hiệu quả phong trào Dân vận khéo trong giai đoạn hiện nay", Ban Thường vụ Tỉnh ủy Bắc Kạn, 2018-2020';
const kept2021 = 'Giữ mục tiêu giai đoạn 2018-2020 (chưa có nguồn công bố mục tiêu khác)';
const targets = (value: number) => [
  { value, firstYear: 2018, lastYear: 2020, source: scheme2018 },
  { value, firstYear: 2021, lastYear: 2025, source: kept2021 },
];
const communeLevel = ['COMMUNE', 'WARD', 'TOWNSHIP'] as const;
const effective = ['EFFECTIVE', 'OUTSTANDING'] as const;

export const demoIndicators: CatalogueIndicator[] = [
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
    definition: { measure: 'UNITS_WITH_MODELS', unitKinds: ['COMMUNE'], models: { fields: ['NONG_THON_MOI'], ratings: [...effective] }, minModels: 1, inEveryField: false },
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
