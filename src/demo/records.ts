// The movement's records for the demo: the models and exemplars a 2017 provincial article names (origin
// PUBLISHED), and generated records (origin SAMPLE) for 2011-2024 shaped like the movement's published
// figures (over 700 models in 2011-2015, the 2018-2020 scheme's targets, SIPAS satisfaction shares) with
// uneven districts, so that every indicator has something to show and something missing to point at.
// Records name their unit by code and their model by registration key; seed.ts turns those into ids.
import type { AwardLevel, EvaluationRating, HolderKind, ModelKind, RecordOrigin } from '../generated/sqlite/client.ts';
import { DEMO_CATALOGUE, type CatalogueField } from '../indicators/catalogue.ts';
import { type Random, randomFor, WeightedTable } from './random.ts';
import {
  day,
  type DemoLineage,
  type DemoUnit,
  existsAtEndOf,
  existsDuring,
  isCommuneLevel,
  isOrganisation,
  nameInSentence,
  PROVINCE_CODE,
  type UnitTree,
} from './units.ts';

export const FIRST_YEAR = 2011;
export const LAST_YEAR = 2024;

export interface ModelSeed {
  registrationKey: string;
  kind: ModelKind;
  holder: HolderKind;
  title: string;
  description: string | null;
  unitCode: string;
  fieldCode: string;
  startYear: number;
  endYear: number | null;
  origin: RecordOrigin;
  sourceUrl: string | null;
}

export interface EvaluationSeed {
  registrationKey: string;
  year: number;
  rating: EvaluationRating;
  recommendedForReplication: boolean;
  evaluatorCode: string;
}

export interface AwardSeed {
  registrationKey: string;
  year: number;
  level: AwardLevel;
  title: string;
  decisionNumber: string;
  decisionDate: Date;
  grantorCode: string;
}

export interface PlanSeed {
  unitCode: string;
  year: number;
  documentNumber: string;
  issuedOn: Date;
}

export interface SurveySeed {
  unitCode: string;
  year: number;
  respondents: number;
  satisfied: number;
}

export interface NewRuralStatusSeed {
  unitCode: string;
  year: number;
  criteriaMet: number;
  recognisedOn: Date | null;
}

export interface DemoRecords {
  fields: CatalogueField[];
  models: ModelSeed[];
  evaluations: EvaluationSeed[];
  awards: AwardSeed[];
  plans: PlanSeed[];
  surveys: SurveySeed[];
  newRuralStatuses: NewRuralStatusSeed[];
}

/** The demo's fields: those of its catalogue package, so that the records generated fit what the seed stores. */
export const FIELDS = DEMO_CATALOGUE.fields;

const NEW_RURAL_FIELD = 'NONG_THON_MOI';

export function years(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

// ---------------------------------------------------------------------------------------------------
// How strong each district is: invented, but ordered like the districts' remoteness and poverty, so the
// dashboard has a story (the provincial city and Bạch Thông, with the first new-rural communes, lead;
// Ngân Sơn and Pác Nặm lag). It drives activity, field coverage, review, plan and satisfaction shares.

const DISTRICT_STRENGTH: Record<string, number> = {
  '058': 0.95, // Thành phố Bắc Kạn
  '063': 0.9, // Bạch Thông
  '065': 0.85, // Chợ Mới
  '061': 0.75, // Ba Bể
  '066': 0.7, // Na Rì
  '064': 0.65, // Chợ Đồn
  '062': 0.55, // Ngân Sơn
  '060': 0.45, // Pác Nặm
};
const PROVINCE_STRENGTH = 0.9;

function strengthOf(unit: DemoUnit): number {
  if (unit.districtCode === null) return PROVINCE_STRENGTH;
  const strength = DISTRICT_STRENGTH[unit.districtCode];
  if (strength === undefined) throw new Error(`no strength for district ${unit.districtCode}`);
  return strength;
}

/**
 * What the record generators need to know of a territory beyond its units. The demo's is Bắc Kạn; the
 * national data set (src/demo/national) runs the same generators over 63 generated provinces.
 */
export interface Territory {
  /** The first year with records. */
  firstYear: number;
  /** How strong the unit's district is, 0 to 1: it drives activity, field coverage, review, plan and satisfaction shares. */
  strengthOf(unit: DemoUnit): number;
  /** Whose steering committee reviews the unit's models and grants its lower awards: its district, else its province. */
  evaluatorOf(unit: DemoUnit): DemoUnit;
  /** The province, which grants the higher awards. */
  provinceOf(unit: DemoUnit): DemoUnit;
  /** The random stream for a label (see random.ts). */
  random(...label: (string | number)[]): Random;
}

function bacKan(tree: UnitTree): Territory {
  const unit = (code: string) => tree.byCode.get(code)!;
  return {
    firstYear: FIRST_YEAR,
    strengthOf,
    evaluatorOf: (owner) => unit(owner.districtCode ?? PROVINCE_CODE),
    provinceOf: () => unit(PROVINCE_CODE),
    random: randomFor,
  };
}

// ---------------------------------------------------------------------------------------------------
// Published records: the models and exemplars named in "Bắc Kạn: Nâng cao hiệu quả phong trào “Dân vận
// khéo”" (backan.gov.vn, 27/12/2017; src/demo/data/backan-2017-dan-van-kheo-article.txt). Start years
// are assumed (2015-2017): the article gives none.

const ARTICLE_URL = 'http://backan.gov.vn';
const ARTICLE_CITATION = ' (backan.gov.vn, 27/12/2017)';

interface PublishedRecord {
  kind: ModelKind;
  holder: HolderKind;
  fieldCode: string;
  /** The owner's code with its name, checked against the tree so that a wrong code fails loudly. */
  owner: { code: string; name: string };
  startYear: number;
  title: string;
  description: string;
}

const PUBLISHED_RECORDS: PublishedRecord[] = [
  {
    kind: 'MODEL',
    holder: 'COLLECTIVE',
    fieldCode: 'KINH_TE',
    owner: { code: '02152', name: 'Xã Cường Lợi' },
    startYear: 2015,
    title: 'Hội Cựu chiến binh xã Cường Lợi vận động hội viên tham gia phát triển kinh tế - xã hội',
    description:
      'Mô hình tiêu biểu trong lĩnh vực phát triển kinh tế: Hội Cựu chiến binh xã Cường Lợi (Na Rì) vận động hội viên tham gia phát triển kinh tế xã hội.',
  },
  {
    kind: 'EXEMPLAR',
    holder: 'INDIVIDUAL',
    fieldCode: 'KINH_TE',
    owner: { code: '01873', name: 'Xã Xuân La' },
    startYear: 2016,
    title: 'Bà Quan Thị Giang (xã Xuân La, huyện Pác Nặm) phát triển mô hình chăn nuôi ngựa bạch, ngựa thịt',
    description: 'Bà Quan Thị Giang ở xã Xuân La (Pác Nặm) phát triển mô hình chăn nuôi ngựa bạch, ngựa thịt, tạo việc làm cho nhiều lao động địa phương.',
  },
  {
    kind: 'EXEMPLAR',
    holder: 'INDIVIDUAL',
    fieldCode: 'VAN_HOA_XA_HOI',
    owner: { code: '02086', name: 'Thị trấn Chợ Mới' },
    startYear: 2016,
    title: 'Ông Phạm Quốc Bình (Bí thư Chi bộ 4, thị trấn Chợ Mới) vận động nhân dân xây dựng tổ dân phố văn hóa',
    description: 'Ông Phạm Quốc Bình - Bí thư Chi bộ 4, thị trấn Chợ Mới (huyện Chợ Mới) đã vận động nhân dân xây dựng tổ dân phố văn hóa.',
  },
  {
    kind: 'EXEMPLAR',
    holder: 'COLLECTIVE',
    fieldCode: 'VAN_HOA_XA_HOI',
    owner: { code: '01837', name: 'Phường Sông Cầu' },
    startYear: 2017,
    title: 'Tổ dân phố 11A (phường Sông Cầu) vận động các hộ dân làm tốt công tác vệ sinh môi trường và thắp sáng ngõ hẻm',
    description: 'Tổ dân phố 11A, phường Sông Cầu (thành phố Bắc Kạn) vận động các hộ dân làm tốt công tác vệ sinh môi trường và thắp sáng ngõ hẻm.',
  },
  {
    kind: 'EXEMPLAR',
    holder: 'INDIVIDUAL',
    fieldCode: 'QUOC_PHONG_AN_NINH',
    owner: { code: '064.CQ04', name: 'Công an huyện Chợ Đồn' },
    startYear: 2015,
    title: 'Ông Dương Văn Tu (Công an huyện Chợ Đồn) vận động quần chúng vùng đồng bào dân tộc Mông không theo đạo trái pháp luật',
    description: 'Ông Dương Văn Tu (Công an huyện Chợ Đồn) vận động quần chúng trong vùng đồng bào dân tộc Mông không theo đạo trái pháp luật.',
  },
  {
    kind: 'EXEMPLAR',
    holder: 'COLLECTIVE',
    fieldCode: 'QUOC_PHONG_AN_NINH',
    owner: { code: '01840', name: 'Phường Đức Xuân' },
    startYear: 2017,
    title: 'Ban công tác Mặt trận tổ 2 (phường Đức Xuân) vận động nhân dân thực hiện phong trào “Toàn dân bảo vệ an ninh Tổ quốc”',
    description:
      'Ban Công tác Mặt trận tổ 2, phường Đức Xuân (thành phố Bắc Kạn) vận động quần chúng nhân dân tích cực thực hiện phong trào “Toàn dân bảo vệ an ninh Tổ quốc”, góp phần đảm bảo an ninh trật tự trên địa bàn.',
  },
  {
    kind: 'MODEL',
    holder: 'COLLECTIVE',
    fieldCode: NEW_RURAL_FIELD,
    owner: { code: '01996', name: 'Xã Quân Bình' },
    startYear: 2015,
    title: 'Khối dân vận xã Quân Bình vận động hội viên, nông dân hiến đất làm đường giao thông liên thôn',
    description: 'Khối dân vận xã Quân Bình (huyện Bạch Thông) vận động hội viên, nông dân hiến hàng nghìn m2 đất làm đường giao thông liên thôn.',
  },
  {
    kind: 'MODEL',
    holder: 'COLLECTIVE',
    fieldCode: NEW_RURAL_FIELD,
    owner: { code: '02107', name: 'Xã Nông Hạ' },
    startYear: 2016,
    title: 'Hội Phụ nữ xã Nông Hạ tuyên truyền các tiêu chí nông thôn mới, vận động hộ dân hiến đất làm đường giao thông liên thôn',
    description:
      'Hội Phụ nữ xã Nông Hạ (huyện Chợ Mới) tổ chức tuyên truyền các tiêu chí nông thôn mới, vận động thành công 120 hộ hiến đất làm đường giao thông liên thôn.',
  },
];

function checkedOwner(tree: UnitTree, owner: { code: string; name: string }): DemoUnit {
  const unit = tree.byCode.get(owner.code);
  if (unit?.name !== owner.name) throw new Error(`published record: ${owner.code} is not ${owner.name}`);
  return unit;
}

function publishedModels(tree: UnitTree): ModelSeed[] {
  return PUBLISHED_RECORDS.map((record, index) => ({
    registrationKey: `BK-2017-${String(index + 1).padStart(2, '0')}`,
    kind: record.kind,
    holder: record.holder,
    title: record.title,
    description: record.description + ARTICLE_CITATION,
    unitCode: checkedOwner(tree, record.owner).code,
    fieldCode: record.fieldCode,
    startYear: record.startYear,
    endYear: null,
    origin: 'PUBLISHED',
    sourceUrl: ARTICLE_URL,
  }));
}

// ---------------------------------------------------------------------------------------------------
// Vocabulary of the generated records.

type Audience = 'locality' | 'organisation' | 'any';

interface Action {
  text: string;
  audience: Audience;
  from?: number;
  until?: number;
}

const locality = (text: string, from?: number, until?: number): Action => ({ text, audience: 'locality', from, until });
const organisation = (text: string, from?: number): Action => ({ text, audience: 'organisation', from });
const anyone = (text: string, from?: number, until?: number): Action => ({ text, audience: 'any', from, until });

/** What a model does, per field; `from`/`until` keep campaigns in their years (OCOP from 2018, VNeID from 2022). */
const ACTIONS: Record<string, Action[]> = {
  KINH_TE: [
    locality('vận động hội viên giúp nhau phát triển kinh tế, giảm nghèo bền vững'),
    locality('vận động nhân dân chuyển đổi cơ cấu cây trồng, vật nuôi'),
    locality('vận động nhân dân trồng cam, quýt theo hướng sản xuất hàng hóa'),
    locality('vận động nhân dân phát triển trồng rừng kinh tế'),
    locality('vận động nhân dân chăn nuôi trâu, bò, lợn đen theo hướng hàng hóa'),
    locality('vận động thành lập tổ hợp tác, hợp tác xã kiểu mới'),
    locality('vận động nhân dân trồng dong riềng, làm miến dong'),
    locality('vận động nhân dân áp dụng khoa học kỹ thuật vào sản xuất'),
    locality('vận động phụ nữ tiết kiệm, giúp nhau vay vốn phát triển kinh tế'),
    locality('vận động nhân dân xây dựng sản phẩm OCOP', 2018),
    organisation('cán bộ, công chức giúp đỡ hộ nghèo thoát nghèo'),
    organisation('đỡ đầu thôn, bản đặc biệt khó khăn phát triển sản xuất'),
  ],
  VAN_HOA_XA_HOI: [
    locality('vận động nhân dân xây dựng thôn, tổ dân phố văn hóa'),
    locality('vận động hội viên thực hiện cuộc vận động “Xây dựng gia đình 5 không, 3 sạch”'),
    locality('vận động nhân dân giữ gìn vệ sinh môi trường, thu gom rác thải'),
    locality('thắp sáng đường quê, ngõ xóm'),
    locality('vận động thực hiện nếp sống văn minh trong việc cưới, việc tang'),
    locality('bảo tồn và phát huy hát then, đàn tính của đồng bào Tày'),
    anyone('vận động trẻ em trong độ tuổi đến trường, duy trì sĩ số học sinh'),
    anyone('vận động nhân dân tham gia bảo hiểm y tế, bảo hiểm xã hội tự nguyện'),
    anyone('vận động xóa nhà tạm, nhà dột nát cho hộ nghèo'),
    anyone('vận động nhân dân tiêm vắc-xin phòng COVID-19', 2021, 2022),
    organisation('xây dựng cơ quan, đơn vị đạt chuẩn văn hóa'),
  ],
  QUOC_PHONG_AN_NINH: [
    locality('vận động nhân dân tham gia phong trào “Toàn dân bảo vệ an ninh Tổ quốc”'),
    locality('xây dựng tổ tự quản về an ninh trật tự ở khu dân cư'),
    locality('hòa giải ở cơ sở, giữ gìn đoàn kết trong cộng đồng dân cư'),
    locality('vận động đồng bào không theo đạo trái pháp luật'),
    locality('vận động nhân dân lắp đặt camera an ninh ở khu dân cư', 2019),
    anyone('vận động nhân dân phòng, chống ma túy và tệ nạn xã hội'),
    anyone('vận động nhân dân giao nộp vũ khí, vật liệu nổ, công cụ hỗ trợ'),
    anyone('vận động thanh niên lên đường thực hiện nghĩa vụ quân sự'),
    organisation('phối hợp với thôn, bản giữ gìn an ninh trật tự'),
  ],
  XAY_DUNG_HTCT: [
    anyone('nâng cao chất lượng sinh hoạt chi bộ'),
    anyone('nâng cao chất lượng đoàn viên, hội viên'),
    locality('đối thoại trực tiếp giữa người đứng đầu cấp ủy, chính quyền với nhân dân'),
    locality('phát triển đảng viên ở thôn, bản'),
    locality('thực hiện tốt quy chế dân chủ ở cơ sở'),
    locality('phát huy vai trò người có uy tín trong đồng bào dân tộc thiểu số'),
    organisation('thực hiện quy chế dân chủ trong hoạt động của cơ quan'),
    organisation('cán bộ, đảng viên gương mẫu, nói đi đôi với làm'),
    organisation('tiếp nhận và giải quyết kịp thời kiến nghị của nhân dân'),
  ],
  NONG_THON_MOI: [
    locality('vận động nhân dân hiến đất làm đường giao thông nông thôn'),
    locality('bê tông hóa đường giao thông nông thôn theo phương châm “Nhà nước và nhân dân cùng làm”'),
    locality('vận động nhân dân góp công, góp của xây dựng nhà văn hóa thôn'),
    locality('kiên cố hóa kênh mương nội đồng'),
    locality('vận động nhân dân chỉnh trang nhà ở, cải tạo vườn tạp'),
    locality('vận động nhân dân xây dựng nhà tiêu, chuồng trại chăn nuôi hợp vệ sinh'),
    locality('trồng hoa, cây xanh ven đường nông thôn mới'),
    locality('xây dựng khu dân cư nông thôn mới kiểu mẫu', 2019),
  ],
  CAI_CACH_HANH_CHINH: [
    anyone('xây dựng bộ phận tiếp nhận và trả kết quả “thân thiện, vì nhân dân phục vụ”'),
    anyone('công khai, minh bạch thủ tục hành chính, nói không với phiền hà'),
    anyone('lập nhóm Zalo tiếp nhận phản ánh, kiến nghị của người dân', 2019),
    anyone('hướng dẫn người dân nộp hồ sơ dịch vụ công trực tuyến', 2020),
    locality('trả kết quả giải quyết thủ tục hành chính tại nhà cho người cao tuổi, người khuyết tật'),
    locality('vận động người dân đăng ký, kích hoạt tài khoản định danh điện tử', 2022),
    organisation('xây dựng công sở văn minh, cán bộ, công chức thân thiện'),
  ],
};

function actionFor(random: Random, fieldCode: string, unit: DemoUnit, year: number): string {
  const audience: Audience = isOrganisation(unit) ? 'organisation' : 'locality';
  const fitting = (ACTIONS[fieldCode] ?? []).filter(
    (action) => (action.audience === 'any' || action.audience === audience) && (action.from ?? 0) <= year && (action.until ?? 9999) >= year,
  );
  return random.pick(fitting).text;
}

/** Village names in the Tày style of the province; the demo does not claim they lie in a given commune. */
const VILLAGES = [
  'Nà Làng',
  'Bản Chang',
  'Khuổi Luông',
  'Nà Mòn',
  'Pác Châm',
  'Nà Đon',
  'Bản Vèn',
  'Khau Bản',
  'Phiêng Luông',
  'Cốc Xả',
  'Nà Hin',
  'Bó Lếch',
  'Nặm Dất',
  'Nà Cà',
  'Bản Cậu',
  'Nà Quang',
  'Pù Mắt',
  'Nà Phai',
  'Bản Áng',
  'Khuổi Khỉ',
  'Nà Ngần',
  'Lủng Vài',
  'Bản Piềng',
  'Nà Tu',
  'Khuổi Tẩu',
  'Nà Bản',
  'Phja Khao',
  'Cốc Pái',
  'Nà Khu',
  'Bản Lạn',
];

function isUrban(unit: DemoUnit): boolean {
  return unit.kind === 'WARD' || unit.kind === 'TOWNSHIP';
}

/** A village (thôn) in a xã, a residential group (tổ dân phố) in a ward or township. */
function neighbourhood(random: Random, unit: DemoUnit): string {
  return isUrban(unit) ? `tổ dân phố ${random.int(1, 18)}` : `thôn ${random.pick(VILLAGES)}`;
}

interface NamingTradition {
  families: string[];
  maleMiddle: string[];
  femaleMiddle: string[];
  maleGiven: string[];
  femaleGiven: string[];
}

const KINH: NamingTradition = {
  families: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Đỗ', 'Vũ', 'Bùi', 'Đinh', 'Ngô'],
  maleMiddle: ['Văn', 'Đức', 'Minh', 'Quốc', 'Hữu', 'Xuân', 'Mạnh'],
  femaleMiddle: ['Thị', 'Thu', 'Thanh', 'Ngọc', 'Kim'],
  maleGiven: ['Bình', 'Hùng', 'Dũng', 'Tuấn', 'Thắng', 'Cường', 'Sơn', 'Hải', 'Long', 'Tùng', 'Vinh', 'Trung', 'Quang', 'Khánh'],
  femaleGiven: ['Hương', 'Lan', 'Thu', 'Hiền', 'Nga', 'Huyền', 'Liên', 'Mai', 'Dung', 'Hạnh', 'Phượng', 'Yến', 'Trang', 'Thảo'],
};

const TAY_NUNG: NamingTradition = {
  families: ['Hoàng', 'Nông', 'Lục', 'Ma', 'Hà', 'Lường', 'Đàm', 'Bế', 'Quan', 'Lăng', 'Hứa', 'Vi', 'Dương', 'Lương', 'Lâm', 'Sầm', 'Lộc'],
  maleMiddle: ['Văn', 'Văn', 'Đình', 'Đức', 'Xuân'],
  femaleMiddle: ['Thị'],
  maleGiven: ['Thào', 'Sinh', 'Khoa', 'Quyết', 'Chiến', 'Lợi', 'Thái', 'Kiên', 'Phúc', 'Đoàn', 'Thụ', 'Nguyên', 'Luận', 'Thiều', 'Hoan'],
  femaleGiven: ['Giang', 'Hoa', 'Nhung', 'Thơm', 'Xuân', 'Ngân', 'Duyên', 'Tuyết', 'Chiêm', 'Lả', 'Phiến', 'Dịu', 'Soan', 'Hậu'],
};

const DAO: NamingTradition = {
  families: ['Triệu', 'Bàn', 'Đặng', 'Lý', 'Phùng', 'Chu'],
  maleMiddle: ['Văn', 'Tài', 'Quý', 'Sinh', 'Phúc'],
  femaleMiddle: ['Thị'],
  maleGiven: ['Vần', 'Pú', 'Tả', 'Chòi', 'Sành', 'Kiều', 'Hin', 'Lìu', 'Phin', 'Quẩy'],
  femaleGiven: ['Mây', 'Nhất', 'Tòn', 'Nái', 'Kiều', 'Xuân', 'Mùi'],
};

/** Tày and Nùng are most of the province; towns and offices have more Kinh, the highlands more Dao. */
function namingTraditionFor(random: Random, unit: DemoUnit): NamingTradition {
  const [kinh, tayNung] = isOrganisation(unit) ? [0.4, 0.5] : isUrban(unit) ? [0.45, 0.45] : [0.18, 0.6];
  const draw = random.next();
  return draw < kinh ? KINH : draw < kinh + tayNung ? TAY_NUNG : DAO;
}

/** "Ông Hoàng Văn Thào" or "Bà Quan Thị Giang". */
function person(random: Random, unit: DemoUnit): string {
  const tradition = namingTraditionFor(random, unit);
  const male = random.chance(0.5);
  const family = random.pick(tradition.families);
  const middle = random.pick(male ? tradition.maleMiddle : tradition.femaleMiddle);
  const given = random.pick(male ? tradition.maleGiven : tradition.femaleGiven);
  return `${male ? 'Ông' : 'Bà'} ${family} ${middle} ${given}`;
}

const VILLAGE_ROLES = ['Bí thư Chi bộ', 'Trưởng thôn', 'người có uy tín', 'Trưởng ban công tác Mặt trận', 'hội viên Hội Cựu chiến binh'];
const STREET_ROLES = ['Bí thư Chi bộ', 'Tổ trưởng', 'Trưởng ban công tác Mặt trận', 'hội viên Hội Cựu chiến binh'];
const VILLAGE_GROUPS = ['Chi hội Nông dân', 'Chi hội Phụ nữ', 'Chi đoàn', 'Ban công tác Mặt trận', 'Chi bộ', 'Chi hội Cựu chiến binh'];
const STREET_GROUPS = ['Chi bộ', 'Ban công tác Mặt trận', 'Chi hội Phụ nữ', 'Chi hội Cựu chiến binh'];
const COMMUNE_GROUPS = ['Hội Nông dân', 'Hội Liên hiệp Phụ nữ', 'Đoàn Thanh niên', 'Hội Cựu chiến binh', 'Khối dân vận', 'Công an'];
const AGENCY_GROUPS = ['Chi bộ', 'Công đoàn', 'Chi đoàn'];

function modelTitle(random: Random, unit: DemoUnit, action: string): string {
  if (isOrganisation(unit)) return `Mô hình “Dân vận khéo” ${action} tại ${unit.name}`;
  const place = random.chance(0.3) ? `${neighbourhood(random, unit)}, ${nameInSentence(unit)}` : nameInSentence(unit);
  return `Mô hình “Dân vận khéo” ${action} ở ${place}`;
}

function individualExemplarTitle(random: Random, unit: DemoUnit, action: string): string {
  const who = person(random, unit);
  if (isOrganisation(unit)) return `${who} (${unit.name}) ${action}`;
  const role = random.pick(isUrban(unit) ? STREET_ROLES : VILLAGE_ROLES);
  return `${who} (${role} ${neighbourhood(random, unit)}, ${nameInSentence(unit)}) ${action}`;
}

function collectiveExemplarTitle(random: Random, unit: DemoUnit, action: string): string {
  if (unit.kind === 'AGENCY') return `${random.pick(AGENCY_GROUPS)} ${unit.name} ${action}`;
  if (isOrganisation(unit)) return `${unit.name} ${action}`;
  if (random.chance(0.4)) return `${random.pick(COMMUNE_GROUPS)} ${nameInSentence(unit)} ${action}`;
  const group = random.pick(isUrban(unit) ? STREET_GROUPS : VILLAGE_GROUPS);
  return `${group} ${neighbourhood(random, unit)} (${nameInSentence(unit)}) ${action}`;
}

// ---------------------------------------------------------------------------------------------------
// Generated models and exemplars.

/**
 * Registrations per start year: just over 700 in 2011-2015 (the article's figure), then the scheme's
 * push: a jump in 2018 when it began, a dip in 2020 (mergers, epidemic), a second wave with the
 * 2021-2025 guidance.
 */
const REGISTRATIONS_PER_YEAR: Record<number, number> = {
  2011: 96,
  2012: 121,
  2013: 138,
  2014: 162,
  2015: 195,
  2016: 1043,
  2017: 1268,
  2018: 2236,
  2019: 1874,
  2020: 1597,
  2021: 2318,
  2022: 1935,
  2023: 1716,
  2024: 1482,
};

/** How much of the year's registrations a kind of unit takes, relative to a commune. */
const KIND_ACTIVITY: Record<string, number> = {
  COMMUNE: 1,
  WARD: 1,
  TOWNSHIP: 1,
  AGENCY: 0.55,
  PARTY_ORGANISATION: 0.45,
  MASS_ORGANISATION: 0.6,
  FRONT: 0.5,
};

/** Which fields a kind of unit works in, as relative weights in FIELDS order. */
const FIELD_LEANING: Record<string, number[]> = {
  locality: [1.2, 1.0, 0.8, 0.7, 1.1, 0.6],
  AGENCY: [0.5, 0.7, 0.4, 0.9, 0, 1.3],
  security: [0.3, 0.4, 3.0, 0.7, 0, 0.6],
  PARTY_ORGANISATION: [0.4, 0.5, 0.3, 2.0, 0, 0.5],
  MASS_ORGANISATION: [1.2, 1.0, 0.4, 0.6, 0, 0.1],
  FRONT: [0.6, 1.0, 0.6, 1.0, 0, 0.2],
};

/** Police and military commands lean to defence and security. */
const SECURITY_FORCES = /^(Công an|Ban Chỉ huy Quân sự|Bộ Chỉ huy Quân sự)/;

/** What makes one owner register more, or in other fields, than another. */
export interface OwnerProfile {
  unit: DemoUnit;
  activity: number;
  leaning: number[];
  /** A field a commune neglects registers nothing until that year: the gaps COMMUNE_ALL_FIELDS shows. */
  neglectedUntil: number[];
  /** Years a commune registers nothing at all. */
  idleYears: Set<number>;
  /** Some agencies, more of them in weak districts, take the movement up late: the gaps AGENCY_EFFECTIVE shows. */
  firstActiveYear: number;
}

export function ownerProfile(territory: Territory, unit: DemoUnit): OwnerProfile {
  const random = territory.random('owner', unit.code);
  const strength = territory.strengthOf(unit);
  const leaningKey = isCommuneLevel(unit) ? 'locality' : SECURITY_FORCES.test(unit.name) ? 'security' : unit.kind;
  const neglectedUntil = FIELDS.map(() => 0);
  const idleYears = new Set<number>();
  if (isCommuneLevel(unit)) {
    const neglected = FIELDS.map((_, index) => index).filter(() => random.chance((1 - strength) * 0.4));
    for (const index of neglected.slice(0, 2)) neglectedUntil[index] = random.int(2014, 2030);
    for (const year of years(2016, LAST_YEAR)) if (random.chance(0.02 + (1 - strength) * 0.06)) idleYears.add(year);
  }
  return {
    unit,
    activity: KIND_ACTIVITY[unit.kind]! * (0.6 + 0.6 * strength) * random.between(0.75, 1.25),
    leaning: FIELD_LEANING[leaningKey]!,
    neglectedUntil,
    idleYears,
    firstActiveYear: unit.kind === 'AGENCY' && random.chance((1 - strength) * 0.5) ? random.int(2016, 2027) : territory.firstYear,
  };
}

function fieldWeights(owner: OwnerProfile, year: number): number[] {
  return FIELDS.map((field, index) => {
    if ((field.firstYear ?? 0) > year || owner.neglectedUntil[index]! > year) return 0;
    if (field.code === NEW_RURAL_FIELD && owner.unit.kind !== 'COMMUNE') return 0;
    return owner.leaning[index]!;
  });
}

/** One generated model or exemplar of an owner, in a field the owner works in that year. */
function sampleModel(random: Random, owner: OwnerProfile, year: number, registrationKey: string): ModelSeed {
  const weights = fieldWeights(owner, year);
  if (!weights.some((weight) => weight > 0)) throw new Error(`${owner.unit.code} has no field in ${year}`);
  const field = FIELDS[random.weightedIndex(weights)]!;
  const unit = owner.unit;
  const action = actionFor(random, field.code, unit, year);
  const kind: ModelKind = random.chance(0.6) ? 'MODEL' : 'EXEMPLAR';
  const holder: HolderKind = kind === 'MODEL' || random.chance(0.4) ? 'COLLECTIVE' : 'INDIVIDUAL';
  const title =
    kind === 'MODEL'
      ? modelTitle(random, unit, action)
      : holder === 'INDIVIDUAL'
        ? individualExemplarTitle(random, unit, action)
        : collectiveExemplarTitle(random, unit, action);
  return {
    registrationKey,
    kind,
    holder,
    title,
    description: null,
    unitCode: unit.code,
    fieldCode: field.code,
    startYear: year,
    endYear: random.chance(0.55) ? null : year + random.int(1, 6),
    origin: 'SAMPLE',
    sourceUrl: null,
  };
}

/** The year's registrations, `count` of them, spread over the owners by their activity. */
export function* registrations(territory: Territory, owners: OwnerProfile[], year: number, count: number): Generator<ModelSeed> {
  const random = territory.random('registrations', year);
  // Owners must still exist at the year's end: a commune merged away on 2020-02-01 registers nothing in 2020.
  const registering = owners.filter((owner) => existsAtEndOf(owner.unit, year) && owner.firstActiveYear <= year && !owner.idleYears.has(year));
  const table = new WeightedTable(registering, (owner) => owner.activity);
  for (let number = 1; number <= count; number += 1) {
    yield sampleModel(random, table.draw(random), year, `S-${year}-${String(number).padStart(5, '0')}`);
  }
}

function sampleModels(territory: Territory, owners: OwnerProfile[]): ModelSeed[] {
  return years(FIRST_YEAR, LAST_YEAR).flatMap((year) => [...registrations(territory, owners, year, REGISTRATIONS_PER_YEAR[year]!)]);
}

// ---------------------------------------------------------------------------------------------------
// Evaluations and awards.

const RATINGS: EvaluationRating[] = ['OUTSTANDING', 'EFFECTIVE', 'NOT_EFFECTIVE'];
const RATING_SHARES = [0.15, 0.6, 0.25];
/** Of the outstanding yearly ratings, the share a decision rewards: a few hundred awards in all. */
const AWARD_SHARE = 0.03;

function drawRating(random: Random): EvaluationRating {
  return RATINGS[random.weightedIndex(RATING_SHARES)]!;
}

function recommends(random: Random, rating: EvaluationRating): boolean {
  // Half the outstanding and a quarter of the effective ones: about 30% of the effective in all.
  return rating === 'OUTSTANDING' ? random.chance(0.5) : rating === 'EFFECTIVE' ? random.chance(0.25) : false;
}

/** The yearly reviews of models and the awards they earn, with the review shares and decisions they share. */
export class Reviews {
  private readonly shares = new Map<string, number>();
  private readonly decisions = new Map<string, { number: string; date: Date }>();

  constructor(private readonly territory: Territory) {}

  /** Share of a district's active models reviewed in a year: lower before the 2018 scheme made it a target. */
  private reviewShare(unit: DemoUnit, year: number): number {
    const key = `${this.territory.evaluatorOf(unit).code}/${year}`;
    let share = this.shares.get(key);
    if (share === undefined) {
      const base = year < 2016 ? 0.8 : year < 2018 ? 0.84 : 0.93;
      share = clamp(base + (this.territory.strengthOf(unit) - 0.7) * 0.12 + this.territory.random('review', key).between(-0.02, 0.02), 0.7, 0.99);
      this.shares.set(key, share);
    }
    return share;
  }

  /** One decision per grantor and year, at the year-end review (sơ kết), rewards all its models. */
  private decision(grantor: DemoUnit, year: number): { number: string; date: Date } {
    const key = `${grantor.code}/${year}`;
    let decision = this.decisions.get(key);
    if (decision === undefined) {
      const random = this.territory.random('award-decision', key);
      const number = grantor.kind === 'PROVINCE' ? random.int(2100, 2650) : random.int(900, 4200);
      decision = { number: `${number}/QĐ-UBND`, date: day(`${year}-12-${String(random.int(10, 28)).padStart(2, '0')}`) };
      this.decisions.set(key, decision);
    }
    return decision;
  }

  /** A model's evaluations, year by year, and the awards its outstanding years earned. */
  of(model: ModelSeed, unit: DemoUnit): { evaluations: EvaluationSeed[]; awards: AwardSeed[] } {
    const evaluations: EvaluationSeed[] = [];
    const awards: AwardSeed[] = [];
    const random = this.territory.random('evaluations', model.registrationKey);
    // A model tends to keep its rating from year to year; the article's records, cited as outstanding in
    // 2017, are reviewed every year and stay effective or better.
    const usualRating = drawRating(random);
    const published = model.origin === 'PUBLISHED';
    const lastYear = Math.min(model.endYear ?? LAST_YEAR, LAST_YEAR);
    for (const year of years(model.startYear, lastYear)) {
      if (!published && !random.chance(this.reviewShare(unit, year))) continue;
      const rating: EvaluationRating = published
        ? year === 2017 || random.chance(0.4)
          ? 'OUTSTANDING'
          : 'EFFECTIVE'
        : random.chance(0.6)
          ? usualRating
          : drawRating(random);
      evaluations.push({
        registrationKey: model.registrationKey,
        year,
        rating,
        recommendedForReplication: recommends(random, rating),
        evaluatorCode: this.territory.evaluatorOf(unit).code,
      });
      if (published || rating !== 'OUTSTANDING' || !random.chance(AWARD_SHARE)) continue;
      const byProvince = unit.districtCode === null || random.chance(0.25);
      const grantor = byProvince ? this.territory.provinceOf(unit) : this.territory.evaluatorOf(unit);
      const decision = this.decision(grantor, year);
      awards.push({
        registrationKey: model.registrationKey,
        year,
        level: byProvince ? 'PROVINCE' : 'DISTRICT',
        title: `${byProvince ? 'Bằng khen' : 'Giấy khen'} của Chủ tịch UBND ${nameInSentence(grantor)}`,
        decisionNumber: decision.number,
        decisionDate: decision.date,
        grantorCode: grantor.code,
      });
    }
    return { evaluations, awards };
  }
}

function evaluationsAndAwards(territory: Territory, tree: UnitTree, models: ModelSeed[]): { evaluations: EvaluationSeed[]; awards: AwardSeed[] } {
  const reviews = new Reviews(territory);
  const evaluations: EvaluationSeed[] = [];
  const awards: AwardSeed[] = [];
  for (const model of models) {
    const reviewed = reviews.of(model, tree.byCode.get(model.unitCode)!);
    evaluations.push(...reviewed.evaluations);
    awards.push(...reviewed.awards);
  }
  return { evaluations, awards };
}

// ---------------------------------------------------------------------------------------------------
// Plans.

/**
 * Share of units with a plan: about 60% in 2011, near 100% by 2020 when the scheme ends, uneven by
 * district; a few units still lack one in later years, so the list of missing units is rarely empty.
 */
function planShare(territory: Territory, unit: DemoUnit, year: number): number {
  const { firstYear } = territory;
  const province = year <= 2020 ? 0.6 + ((0.97 - 0.6) * (year - firstYear)) / (2020 - firstYear) : 0.97 + 0.005 * (year - 2020);
  const spread = year <= 2020 ? 0.3 : 0.1;
  return clamp(province + (territory.strengthOf(unit) - 0.7) * spread, 0, 1);
}

/** Plans come out early in the year; a unit created or merged away mid-year issues one while it exists. */
function planIssueDate(random: Random, unit: DemoUnit, year: number): Date {
  let date = addDays(day(`${year}-01-01`), random.int(4, 89));
  if (unit.validFrom !== null && date < unit.validFrom) date = addDays(unit.validFrom, random.int(0, 30));
  if (unit.validTo !== null && date > unit.validTo) date = addDays(unit.validTo, -random.int(0, 25));
  return date;
}

/** Documents a unit issues per day of the year, for plausible running numbers. */
function documentsPerDay(unit: DemoUnit): number {
  return unit.kind === 'DISTRICT' ? 1.5 : isCommuneLevel(unit) ? 0.25 : 0.4;
}

/** Year by year, the plans of the units that issue them. */
export function* plans(territory: Territory, units: readonly DemoUnit[]): Generator<PlanSeed> {
  for (const year of years(territory.firstYear, LAST_YEAR)) {
    for (const unit of units) {
      if (unit.planNumberSuffix === null || !existsDuring(unit, year)) continue;
      const random = territory.random('plan', unit.code, year);
      if (!random.chance(planShare(territory, unit, year))) continue;
      const issuedOn = planIssueDate(random, unit, year);
      const dayOfYear = (issuedOn.getTime() - day(`${year}-01-01`).getTime()) / 86_400_000 + 1;
      const number = Math.max(1, Math.round(dayOfYear * documentsPerDay(unit))) + random.int(0, 3);
      yield { unitCode: unit.code, year, documentNumber: `${number}${unit.planNumberSuffix}`, issuedOn };
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Satisfaction surveys (SIPAS).

/**
 * Province-wide shares of satisfied respondents. 2023 (75.03%) and 2024 (78.17%) are the published
 * figures; 2018-2022 are assumed, in the 72-74% band, below the scheme's 80% target.
 */
const SATISFACTION_SHARE: Record<number, number> = {
  2018: 0.7236,
  2019: 0.7318,
  2020: 0.7285,
  2021: 0.7342,
  2022: 0.7391,
  2023: 0.7503,
  2024: 0.7817,
};

/** One survey per commune-level unit and year from 2018, the territory's total on the year's share. */
export function surveys(territory: Territory, units: readonly DemoUnit[]): SurveySeed[] {
  const result: SurveySeed[] = [];
  for (const year of years(2018, LAST_YEAR)) {
    const target = SATISFACTION_SHARE[year]!;
    const random = territory.random('satisfaction', year);
    const rows = units
      .filter((unit) => isCommuneLevel(unit) && existsAtEndOf(unit, year))
      .map((unit) => {
        const respondents = random.int(30, 200);
        const share =
          target + (territory.strengthOf(unit) - 0.7) * 0.12 + territory.random('satisfaction', unit.code).between(-0.05, 0.05) + random.between(-0.03, 0.03);
        return { unitCode: unit.code, year, respondents, satisfied: clamp(Math.round(respondents * share), 0, respondents) };
      });
    // District and unit differences shift the total a little off the published share: spread the
    // difference one respondent at a time over the units, in a shuffled order so no district pays it all.
    const respondents = rows.reduce((sum, row) => sum + row.respondents, 0);
    let gap = Math.round(target * respondents) - rows.reduce((sum, row) => sum + row.satisfied, 0);
    const order = rows.map((_row, index) => ({ index, key: random.next() })).sort((a, b) => a.key - b.key);
    while (gap !== 0) {
      for (const { index } of order) {
        const row = rows[index]!;
        if (gap > 0 && row.satisfied < row.respondents) {
          row.satisfied += 1;
          gap -= 1;
        } else if (gap < 0 && row.satisfied > 0) {
          row.satisfied -= 1;
          gap += 1;
        }
        if (gap === 0) break;
      }
    }
    result.push(...rows);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// New-rural status of communes (xã).

/**
 * Recognitions the 2017 article reports: Quân Bình and Cẩm Giàng already recognised, seven communes
 * having just met 19/19. The article gives no dates; these are assumed (see src/demo/data/README.md).
 */
const PUBLISHED_RECOGNITIONS: { code: string; name: string; recognisedOn: string }[] = [
  { code: '01996', name: 'Xã Quân Bình', recognisedOn: '2016-12-30' },
  { code: '02008', name: 'Xã Cẩm Giàng', recognisedOn: '2016-12-30' },
  { code: '01903', name: 'Xã Cao Trĩ', recognisedOn: '2017-12-29' },
  { code: '02152', name: 'Xã Cường Lợi', recognisedOn: '2017-12-29' },
  { code: '02158', name: 'Xã Kim Lư', recognisedOn: '2017-12-29' },
  { code: '02017', name: 'Xã Quang Thuận', recognisedOn: '2017-12-29' },
  { code: '02056', name: 'Xã Rã Bản', recognisedOn: '2017-12-29' },
  { code: '02122', name: 'Xã Như Cố', recognisedOn: '2017-12-29' },
  { code: '01852', name: 'Xã Nông Thượng', recognisedOn: '2017-12-29' },
];

/** Generated recognitions after the article, per year. */
const LATER_RECOGNITIONS: Record<number, number> = { 2018: 2, 2019: 3, 2020: 2, 2021: 2, 2022: 2, 2023: 1, 2024: 1 };

const NEW_RURAL_CRITERIA = 19;

function yearOf(date: Date): number {
  return date.getUTCFullYear();
}

function recognitions(territory: Territory, tree: UnitTree, communes: DemoUnit[]): Map<string, Date> {
  const recognised = new Map<string, Date>();
  for (const entry of PUBLISHED_RECOGNITIONS) {
    const unit = checkedOwner(tree, entry);
    if (unit.kind !== 'COMMUNE') throw new Error(`${entry.name} is not a xã`);
    recognised.set(unit.code, day(entry.recognisedOn));
  }
  const random = territory.random('new-rural', 'recognitions');
  for (const year of years(2018, LAST_YEAR)) {
    for (let n = 0; n < (LATER_RECOGNITIONS[year] ?? 0); n += 1) {
      // A commune formed by a merger needs a year of its own before it can be recognised.
      const candidates = communes.filter(
        (unit) => !recognised.has(unit.code) && existsAtEndOf(unit, year) && (unit.validFrom === null || yearOf(unit.validFrom) < year),
      );
      const unit = candidates[random.weightedIndex(candidates.map((candidate) => territory.strengthOf(candidate) ** 2))]!;
      recognised.set(unit.code, day(`${year}-${random.pick(['11', '12'])}-${String(random.int(1, 28)).padStart(2, '0')}`));
    }
  }
  return recognised;
}

/** A rise from `from` to `to` over `count` yearly values, in uneven steps. */
function climb(random: Random, from: number, to: number, count: number): number[] {
  if (count === 1) return [to];
  const steps = Array.from({ length: count - 1 }, () => random.between(0.2, 1));
  const total = steps.reduce((sum, step) => sum + step, 0);
  let sum = 0;
  return [
    from,
    ...steps.map((step) => {
      sum += step;
      return Math.round(from + ((to - from) * sum) / total);
    }),
  ];
}

/** The xã that existed in some year of the records: new-rural status is kept for them. */
export function ruralCommunes(territory: Territory, units: readonly DemoUnit[]): DemoUnit[] {
  return units.filter((unit) => unit.kind === 'COMMUNE' && years(territory.firstYear, LAST_YEAR).some((year) => existsDuring(unit, year)));
}

/**
 * One row per xã and year it existed, as of 31 December or its last day. A commune formed in 2020 starts
 * from the weakest of its predecessors, because the merged area must meet every criterion again.
 */
export function newRuralStatuses(
  territory: Territory,
  communes: readonly DemoUnit[],
  lineages: readonly DemoLineage[],
  recognised: ReadonlyMap<string, Date>,
): NewRuralStatusSeed[] {
  const lineagesInto = new Map<string, DemoLineage[]>();
  for (const link of lineages) lineagesInto.set(link.successorCode, [...(lineagesInto.get(link.successorCode) ?? []), link]);
  const criteria = new Map<string, Map<number, number>>();
  const result: NewRuralStatusSeed[] = [];
  const ordered = [...communes.filter((unit) => unit.validFrom === null), ...communes.filter((unit) => unit.validFrom !== null)];
  for (const unit of ordered) {
    const random = territory.random('new-rural', unit.code);
    const strength = territory.strengthOf(unit);
    const rowYears = years(territory.firstYear, LAST_YEAR).filter((year) => existsDuring(unit, year));
    // Criteria are assessed at the year's end: a commune gone before it keeps the previous year's count.
    const assessedYears = rowYears.filter((year) => existsAtEndOf(unit, year));
    const predecessors = (lineagesInto.get(unit.code) ?? [])
      .filter((link) => link.effectiveDate.getTime() === unit.validFrom?.getTime() && criteria.has(link.predecessorCode))
      .map((link) => criteria.get(link.predecessorCode)!.get(assessedYears[0]! - 1)!);
    const start = predecessors.length ? Math.min(...predecessors) : random.int(2, 5) + Math.round(strength * 3);
    const recognisedOn = recognised.get(unit.code) ?? null;
    const recognitionYear = recognisedOn && yearOf(recognisedOn);
    let counts: number[];
    if (recognitionYear) {
      const before = assessedYears.filter((year) => year < recognitionYear);
      counts = [...climb(random, start, random.int(16, 18), before.length), ...assessedYears.slice(before.length).map(() => NEW_RURAL_CRITERIA)];
    } else {
      const rate = random.between(0.35, 0.9) * (0.6 + 0.6 * strength);
      counts = climb(random, start, Math.min(18, start + Math.round((assessedYears.length - 1) * rate)), assessedYears.length);
    }
    const byYear = new Map(assessedYears.map((year, index) => [year, counts[index]!]));
    criteria.set(unit.code, byYear);
    for (const year of rowYears) {
      result.push({
        unitCode: unit.code,
        year,
        criteriaMet: byYear.get(year) ?? byYear.get(year - 1)!,
        recognisedOn: recognisedOn && recognitionYear! <= year ? recognisedOn : null,
      });
    }
  }
  return result;
}

export function buildRecords(tree: UnitTree): DemoRecords {
  const territory = bacKan(tree);
  const owners = tree.units.filter((unit) => isCommuneLevel(unit) || isOrganisation(unit)).map((unit) => ownerProfile(territory, unit));
  const models = [...publishedModels(tree), ...sampleModels(territory, owners)];
  const communes = ruralCommunes(territory, tree.units);
  return {
    fields: FIELDS,
    models,
    ...evaluationsAndAwards(territory, tree, models),
    plans: [...plans(territory, tree.units)],
    surveys: surveys(territory, tree.units),
    newRuralStatuses: newRuralStatuses(territory, communes, tree.lineages, recognitions(territory, tree, communes)),
  };
}
