// The unit tree of the demo: Bắc Kạn's real administrative units and their merger lineage from the
// reference CSVs (src/demo/data, see its SOURCES.md), plus generated organisations (agencies, Party
// organisations, mass organisations and the Front) under the province and each district, because the
// movement's targets count those too and no public register lists them.
import { readFileSync } from 'node:fs';
import type { LineageKind, UnitKind, UnitLevel } from '../generated/sqlite/client.ts';
import { parseCsvRecords } from './csv.ts';
import { type Random, randomFor } from './random.ts';

export interface DemoUnit {
  code: string;
  officialCode: string;
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  validFrom: Date | null;
  validTo: Date | null;
  note: string | null;
  parentCode: string | null;
  /** The district whose steering committee reviews the unit's models: itself for a district, null above. */
  districtCode: string | null;
  /** How the unit numbers its plans, e.g. "/KH-UBND" or "-KH/BDVHU"; null for units that issue none. */
  planNumberSuffix: string | null;
}

export interface DemoParentLink {
  unitCode: string;
  parentCode: string;
  validFrom: Date | null;
  validTo: Date | null;
}

export interface DemoLineage {
  predecessorCode: string;
  successorCode: string;
  effectiveDate: Date;
  kind: LineageKind;
  resolution: string;
  sourceUrl: string | null;
}

export interface UnitTree {
  units: DemoUnit[];
  byCode: Map<string, DemoUnit>;
  parentLinks: DemoParentLink[];
  lineages: DemoLineage[];
}

export const PROVINCE_CODE = '06';

/** The last day of the district level and of Bắc Kạn province (2-tier local government from 2025-07-01). */
const DISTRICT_LEVEL_END = day('2025-06-30');

export function day(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00.000Z`);
}

function optionalDay(isoDate: string): Date | null {
  return isoDate === '' ? null : day(isoDate);
}

function existsOn(unit: DemoUnit, date: Date): boolean {
  return (unit.validFrom === null || unit.validFrom <= date) && (unit.validTo === null || unit.validTo >= date);
}

/** The tree as it stood when the year's reports were made: units still in place on 31 December. */
export function existsAtEndOf(unit: DemoUnit, year: number): boolean {
  return existsOn(unit, day(`${year}-12-31`));
}

/** Whether the unit existed on any day of the year (a commune merged away on 1 February still had January). */
export function existsDuring(unit: DemoUnit, year: number): boolean {
  return (unit.validFrom === null || unit.validFrom <= day(`${year}-12-31`)) && (unit.validTo === null || unit.validTo >= day(`${year}-01-01`));
}

export function isCommuneLevel(unit: DemoUnit): boolean {
  return unit.kind === 'COMMUNE' || unit.kind === 'WARD' || unit.kind === 'TOWNSHIP';
}

export function isOrganisation(unit: DemoUnit): boolean {
  return unit.kind === 'AGENCY' || unit.kind === 'PARTY_ORGANISATION' || unit.kind === 'MASS_ORGANISATION' || unit.kind === 'FRONT';
}

/**
 * How the organisations of a locality are named, by the locality's type: its Party committee, Youth Union
 * and police, and whether it is urban (an economic office where a rural district has an agriculture office).
 */
const LOCALITY_TYPES = [
  { prefix: 'Tỉnh', committee: 'Tỉnh ủy', committeeAbbr: 'TU', youthUnion: 'Tỉnh đoàn', policeAbbr: 'CAT', isUrban: false },
  { prefix: 'Thành phố', committee: 'Thành ủy', committeeAbbr: 'TU', youthUnion: 'Thành đoàn', policeAbbr: 'CATP', isUrban: true },
  { prefix: 'Thị xã', committee: 'Thị ủy', committeeAbbr: 'TU', youthUnion: 'Thị đoàn', policeAbbr: 'CATX', isUrban: true },
  { prefix: 'Quận', committee: 'Quận ủy', committeeAbbr: 'QU', youthUnion: 'Quận đoàn', policeAbbr: 'CAQ', isUrban: true },
  { prefix: 'Huyện', committee: 'Huyện ủy', committeeAbbr: 'HU', youthUnion: 'Huyện đoàn', policeAbbr: 'CAH', isUrban: false },
  { prefix: 'Thị trấn', committee: 'Đảng ủy', committeeAbbr: 'ĐU', youthUnion: 'Đoàn Thanh niên', policeAbbr: 'CATT', isUrban: true },
  { prefix: 'Phường', committee: 'Đảng ủy', committeeAbbr: 'ĐU', youthUnion: 'Đoàn Thanh niên', policeAbbr: 'CAP', isUrban: true },
  { prefix: 'Xã', committee: 'Đảng ủy', committeeAbbr: 'ĐU', youthUnion: 'Đoàn Thanh niên', policeAbbr: 'CAX', isUrban: false },
] as const;

/** How an organisation names the locality it serves: "huyện Ba Bể", "Huyện ủy Ba Bể", "/KH-CAH". */
export interface LocalityNaming {
  /** "tỉnh Bắc Kạn", "thành phố Bắc Kạn", "xã Cường Lợi". */
  place: string;
  /** The place name alone: "Bắc Kạn". */
  short: string;
  committee: string;
  committeeAbbr: string;
  youthUnion: string;
  policeAbbr: string;
  isUrban: boolean;
}

function localityType(name: string) {
  return LOCALITY_TYPES.find((type) => name.startsWith(`${type.prefix} `));
}

/** The place name without its type prefix: "Thị trấn Yến Lạc" → "Yến Lạc". */
export function placeName(name: string): string {
  const type = localityType(name);
  return type ? name.slice(type.prefix.length + 1) : name;
}

export function localityNaming(unit: DemoUnit): LocalityNaming {
  const type = localityType(unit.name);
  if (!type) throw new Error(`${unit.name} has no type of locality in its name`);
  const { prefix, ...naming } = type;
  const short = unit.name.slice(prefix.length + 1);
  return { ...naming, place: `${prefix.toLowerCase()} ${short}`, short };
}

/** The name as it reads inside a sentence: "Xã Cường Lợi" → "xã Cường Lợi"; organisation names keep their case. */
export function nameInSentence(unit: DemoUnit): string {
  if (isOrganisation(unit)) return unit.name;
  return unit.name.charAt(0).toLowerCase() + unit.name.slice(1);
}

const LEVEL_OF_KIND: Record<string, UnitLevel> = {
  PROVINCE: 'PROVINCE',
  DISTRICT: 'DISTRICT',
  COMMUNE: 'COMMUNE',
  WARD: 'COMMUNE',
  TOWNSHIP: 'COMMUNE',
};

function readData(file: string): Record<string, string>[] {
  return parseCsvRecords(readFileSync(new URL(`./data/${file}`, import.meta.url), 'utf8'));
}

function administrativeUnits(): DemoUnit[] {
  const rows = readData('units.csv');
  const kindOf = new Map(rows.map((row) => [row.code!, row.kind!]));
  return rows.map((row) => {
    const code = row.code!;
    const level = LEVEL_OF_KIND[row.kind!];
    if (!level) throw new Error(`units.csv: unknown kind ${row.kind} for ${code}`);
    const parentCode = row.parent_code || null;
    const districtCode = row.kind === 'DISTRICT' ? code : parentCode !== null && kindOf.get(parentCode) === 'DISTRICT' ? parentCode : null;
    return {
      code,
      officialCode: code.split('-')[0]!,
      name: row.name!,
      kind: row.kind as UnitKind,
      level,
      validFrom: optionalDay(row.valid_from!),
      validTo: optionalDay(row.valid_to!),
      note: row.note || null,
      parentCode,
      districtCode,
      planNumberSuffix: level === 'PROVINCE' ? null : '/KH-UBND',
    };
  });
}

/**
 * The same predecessor feeding several successors is a split; the same place under a new code, type or
 * parent (Yến Lạc, Vân Tùng, Thượng Quan, and the communes that kept their name while absorbing
 * neighbours in 2025) is a continuation; anything else merged into its successor.
 */
function lineages(byCode: Map<string, DemoUnit>): DemoLineage[] {
  const rows = readData('mergers.csv');
  const successorCount = new Map<string, number>();
  for (const row of rows) successorCount.set(row.from_code!, (successorCount.get(row.from_code!) ?? 0) + 1);
  return rows.map((row) => {
    const predecessor = byCode.get(row.from_code!);
    const successor = byCode.get(row.to_code!);
    if (!predecessor || !successor) throw new Error(`mergers.csv: unknown unit in ${row.from_code} -> ${row.to_code}`);
    const kind: LineageKind =
      successorCount.get(predecessor.code)! > 1 ? 'SPLIT' : placeName(predecessor.name) === placeName(successor.name) ? 'CONTINUATION' : 'MERGER';
    return {
      predecessorCode: predecessor.code,
      successorCode: successor.code,
      effectiveDate: day(row.effective_date!),
      kind,
      resolution: row.resolution!,
      sourceUrl: row.source_url!,
    };
  });
}

export type OrganisationGroup = 'CQ' | 'TCD' | 'DT' | 'MT';

const GROUP_KIND: Record<OrganisationGroup, UnitKind> = {
  CQ: 'AGENCY',
  TCD: 'PARTY_ORGANISATION',
  DT: 'MASS_ORGANISATION',
  MT: 'FRONT',
};

export interface OrganisationTemplate {
  group: OrganisationGroup;
  name: (naming: LocalityNaming) => string;
  planNumberSuffix?: (naming: LocalityNaming) => string;
  /** Not every locality has every office in the demo: optional ones are drawn per locality. */
  optional?: true;
}

const DISTRICT_ORGANISATIONS: OrganisationTemplate[] = [
  { group: 'CQ', name: (n) => `Văn phòng HĐND và UBND ${n.place}`, planNumberSuffix: () => '/KH-VP' },
  {
    group: 'CQ',
    name: (n) => (n.isUrban ? `Phòng Kinh tế ${n.place}` : `Phòng Nông nghiệp và PTNT ${n.place}`),
    planNumberSuffix: (n) => (n.isUrban ? '/KH-PKT' : '/KH-PNN'),
  },
  { group: 'CQ', name: (n) => `Phòng Nội vụ ${n.place}`, planNumberSuffix: () => '/KH-PNV' },
  { group: 'CQ', name: (n) => `Công an ${n.place}`, planNumberSuffix: (n) => `/KH-${n.policeAbbr}` },
  { group: 'CQ', name: (n) => `Phòng Tư pháp ${n.place}`, planNumberSuffix: () => '/KH-PTP', optional: true },
  { group: 'CQ', name: (n) => `Phòng Tài nguyên và Môi trường ${n.place}`, planNumberSuffix: () => '/KH-PTNMT', optional: true },
  { group: 'CQ', name: (n) => `Phòng Giáo dục và Đào tạo ${n.place}`, planNumberSuffix: () => '/KH-PGDĐT', optional: true },
  { group: 'CQ', name: (n) => `Phòng Lao động - Thương binh và Xã hội ${n.place}`, planNumberSuffix: () => '/KH-PLĐTBXH', optional: true },
  { group: 'CQ', name: (n) => `Phòng Văn hóa và Thông tin ${n.place}`, planNumberSuffix: () => '/KH-PVHTT', optional: true },
  { group: 'CQ', name: (n) => `Ban Chỉ huy Quân sự ${n.place}`, planNumberSuffix: () => '/KH-BCHQS', optional: true },
  { group: 'CQ', name: (n) => `Trung tâm Y tế ${n.place}`, planNumberSuffix: () => '/KH-TTYT', optional: true },
  { group: 'TCD', name: (n) => `Ban Dân vận ${n.committee} ${n.short}`, planNumberSuffix: (n) => `-KH/BDV${n.committeeAbbr}` },
  { group: 'TCD', name: (n) => `Đảng bộ Khối cơ quan ${n.place}`, planNumberSuffix: () => '-KH/ĐUK' },
  { group: 'TCD', name: (n) => `Ban Tuyên giáo ${n.committee} ${n.short}`, planNumberSuffix: (n) => `-KH/BTG${n.committeeAbbr}`, optional: true },
  { group: 'DT', name: (n) => `Hội Nông dân ${n.place}` },
  { group: 'DT', name: (n) => `Hội Liên hiệp Phụ nữ ${n.place}` },
  { group: 'DT', name: (n) => `${n.youthUnion} ${n.short}` },
  { group: 'DT', name: (n) => `Hội Cựu chiến binh ${n.place}` },
  { group: 'MT', name: (n) => `Ủy ban MTTQ Việt Nam ${n.place}` },
];

const PROVINCE_ORGANISATIONS: OrganisationTemplate[] = [
  { group: 'CQ', name: (n) => `Văn phòng UBND ${n.place}`, planNumberSuffix: () => '/KH-VP' },
  { group: 'CQ', name: (n) => `Văn phòng Đoàn ĐBQH và HĐND ${n.place}`, planNumberSuffix: () => '/KH-VPĐĐBQH' },
  { group: 'CQ', name: (n) => `Sở Nội vụ ${n.place}`, planNumberSuffix: () => '/KH-SNV' },
  { group: 'CQ', name: (n) => `Sở Nông nghiệp và Phát triển nông thôn ${n.place}`, planNumberSuffix: () => '/KH-SNN' },
  { group: 'CQ', name: (n) => `Sở Tư pháp ${n.place}`, planNumberSuffix: () => '/KH-STP' },
  { group: 'CQ', name: (n) => `Sở Tài nguyên và Môi trường ${n.place}`, planNumberSuffix: () => '/KH-STNMT' },
  { group: 'CQ', name: (n) => `Sở Giáo dục và Đào tạo ${n.place}`, planNumberSuffix: () => '/KH-SGDĐT' },
  { group: 'CQ', name: (n) => `Sở Y tế ${n.place}`, planNumberSuffix: () => '/KH-SYT' },
  { group: 'CQ', name: (n) => `Sở Lao động - Thương binh và Xã hội ${n.place}`, planNumberSuffix: () => '/KH-SLĐTBXH' },
  { group: 'CQ', name: (n) => `Sở Văn hóa, Thể thao và Du lịch ${n.place}`, planNumberSuffix: () => '/KH-SVHTTDL' },
  { group: 'CQ', name: (n) => `Sở Kế hoạch và Đầu tư ${n.place}`, planNumberSuffix: () => '/KH-SKHĐT' },
  { group: 'CQ', name: (n) => `Sở Giao thông vận tải ${n.place}`, planNumberSuffix: () => '/KH-SGTVT' },
  { group: 'CQ', name: (n) => `Công an ${n.place}`, planNumberSuffix: (n) => `/KH-${n.policeAbbr}` },
  { group: 'CQ', name: (n) => `Bộ Chỉ huy Quân sự ${n.place}`, planNumberSuffix: () => '/KH-BCH' },
  { group: 'CQ', name: (n) => `Ban Dân tộc ${n.place}`, planNumberSuffix: () => '/KH-BDT' },
  { group: 'TCD', name: (n) => `Ban Dân vận ${n.committee} ${n.short}`, planNumberSuffix: (n) => `-KH/BDV${n.committeeAbbr}` },
  { group: 'TCD', name: (n) => `Ban Tuyên giáo ${n.committee} ${n.short}`, planNumberSuffix: (n) => `-KH/BTG${n.committeeAbbr}` },
  { group: 'TCD', name: (n) => `Đảng bộ Khối các cơ quan ${n.place}`, planNumberSuffix: () => '-KH/ĐUK' },
  { group: 'TCD', name: (n) => `Đảng bộ Khối Doanh nghiệp ${n.place}`, planNumberSuffix: () => '-KH/ĐUKDN' },
  { group: 'DT', name: (n) => `Hội Nông dân ${n.place}` },
  { group: 'DT', name: (n) => `Hội Liên hiệp Phụ nữ ${n.place}` },
  { group: 'DT', name: (n) => `${n.youthUnion} ${n.short}` },
  { group: 'DT', name: (n) => `Hội Cựu chiến binh ${n.place}` },
  { group: 'DT', name: (n) => `Liên đoàn Lao động ${n.place}` },
  { group: 'MT', name: (n) => `Ủy ban MTTQ Việt Nam ${n.place}` },
];

const ORGANISATION_NOTE = 'Demo organisation generated by the seed; not taken from an official register.';

/** The days an organisation exists: the demo's end with the district level. */
export interface Validity {
  validFrom: Date | null;
  validTo: Date | null;
}

const DEMO_ORGANISATIONS: Validity = { validFrom: null, validTo: DISTRICT_LEVEL_END };

/** Codes `<parent code>.<group><nn>`, numbered within each group in template order. */
export function organisationsUnder(parent: DemoUnit, templates: OrganisationTemplate[], validity: Validity): DemoUnit[] {
  const naming = localityNaming(parent);
  const numberInGroup = new Map<OrganisationGroup, number>();
  return templates.map((template) => {
    const number = (numberInGroup.get(template.group) ?? 0) + 1;
    numberInGroup.set(template.group, number);
    const code = `${parent.code}.${template.group}${String(number).padStart(2, '0')}`;
    return {
      code,
      // An organisation has no statistics-office code: its own code stands in, so no lookup by a GSO code finds it.
      officialCode: code,
      name: template.name(naming),
      kind: GROUP_KIND[template.group],
      level: parent.level,
      ...validity,
      note: ORGANISATION_NOTE,
      parentCode: parent.code,
      // Reviewed by the same district as the locality they serve (a district's own organisations by itself).
      districtCode: parent.districtCode,
      planNumberSuffix: template.planNumberSuffix?.(naming) ?? null,
    };
  });
}

export function provinceOrganisations(province: DemoUnit, validity: Validity): DemoUnit[] {
  return organisationsUnder(province, PROVINCE_ORGANISATIONS, validity);
}

export function districtOrganisations(district: DemoUnit, random: Random, validity: Validity): DemoUnit[] {
  const optional = DISTRICT_ORGANISATIONS.filter((template) => template.optional);
  const chosen = new Set([
    ...random.sample(
      optional.filter((template) => template.group === 'CQ'),
      random.int(1, 3),
    ),
    ...random.sample(
      optional.filter((template) => template.group !== 'CQ'),
      random.int(0, 1),
    ),
  ]);
  const templates = DISTRICT_ORGANISATIONS.filter((template) => !template.optional || chosen.has(template));
  return organisationsUnder(district, templates, validity);
}

export function buildUnitTree(): UnitTree {
  const administrative = administrativeUnits();
  const province = administrative.find((unit) => unit.code === PROVINCE_CODE);
  if (!province) throw new Error(`units.csv has no province ${PROVINCE_CODE}`);
  const organisations = [
    ...provinceOrganisations(province, DEMO_ORGANISATIONS),
    ...administrative
      .filter((unit) => unit.kind === 'DISTRICT')
      .flatMap((district) => districtOrganisations(district, randomFor('organisations', district.code), DEMO_ORGANISATIONS)),
  ];
  const units = [...administrative, ...organisations];
  const byCode = new Map(units.map((unit) => [unit.code, unit]));
  if (byCode.size !== units.length) throw new Error('unit codes are not unique');
  const parentLinks = units
    .filter((unit) => unit.parentCode !== null)
    .map((unit) => ({ unitCode: unit.code, parentCode: unit.parentCode!, validFrom: unit.validFrom, validTo: unit.validTo }));
  return { units, byCode, parentLinks, lineages: lineages(byCode) };
}
