// The unit tree of the demo: Bắc Kạn's real administrative units and their merger lineage from the
// reference CSVs (src/demo/data, see its SOURCES.md), plus generated organisations (agencies, Party
// organisations, mass organisations and the Front) under the province and each district, because the
// movement's targets count those too and no public register lists them.
import { readFileSync } from 'node:fs';
import type { LineageKind, UnitKind, UnitLevel } from '../generated/sqlite/client.ts';
import { parseCsvRecords } from './csv.ts';
import { randomFor } from './random.ts';

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
  sourceUrl: string;
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

const TYPE_PREFIXES = ['Thị trấn', 'Thành phố', 'Phường', 'Huyện', 'Tỉnh', 'Xã'];

/** The place name without its type prefix: "Thị trấn Yến Lạc" → "Yến Lạc". */
export function placeName(name: string): string {
  const prefix = TYPE_PREFIXES.find((type) => name.startsWith(`${type} `));
  return prefix ? name.slice(prefix.length + 1) : name;
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

type OrganisationGroup = 'CQ' | 'TCD' | 'DT' | 'MT';

const GROUP_KIND: Record<OrganisationGroup, UnitKind> = {
  CQ: 'AGENCY',
  TCD: 'PARTY_ORGANISATION',
  DT: 'MASS_ORGANISATION',
  MT: 'FRONT',
};

/** How a district-level organisation is named; `place` is "huyện Ba Bể" or "thành phố Bắc Kạn". */
interface DistrictNaming {
  place: string;
  short: string;
  isCity: boolean;
}

interface OrganisationTemplate<Naming> {
  group: OrganisationGroup;
  name: (naming: Naming) => string;
  planNumberSuffix?: (naming: Naming) => string;
  /** Not every district has every office in the demo: optional ones are drawn per district. */
  optional?: true;
}

const committee = (n: DistrictNaming) => `${n.isCity ? 'Thành ủy' : 'Huyện ủy'} ${n.short}`;
const committeeAbbr = (n: DistrictNaming) => (n.isCity ? 'TU' : 'HU');

const DISTRICT_ORGANISATIONS: OrganisationTemplate<DistrictNaming>[] = [
  { group: 'CQ', name: (n) => `Văn phòng HĐND và UBND ${n.place}`, planNumberSuffix: () => '/KH-VP' },
  // A city has an economic office where a rural district has an agriculture office.
  {
    group: 'CQ',
    name: (n) => (n.isCity ? `Phòng Kinh tế ${n.place}` : `Phòng Nông nghiệp và PTNT ${n.place}`),
    planNumberSuffix: (n) => (n.isCity ? '/KH-PKT' : '/KH-PNN'),
  },
  { group: 'CQ', name: (n) => `Phòng Nội vụ ${n.place}`, planNumberSuffix: () => '/KH-PNV' },
  { group: 'CQ', name: (n) => `Công an ${n.place}`, planNumberSuffix: (n) => (n.isCity ? '/KH-CATP' : '/KH-CAH') },
  { group: 'CQ', name: (n) => `Phòng Tư pháp ${n.place}`, planNumberSuffix: () => '/KH-PTP', optional: true },
  { group: 'CQ', name: (n) => `Phòng Tài nguyên và Môi trường ${n.place}`, planNumberSuffix: () => '/KH-PTNMT', optional: true },
  { group: 'CQ', name: (n) => `Phòng Giáo dục và Đào tạo ${n.place}`, planNumberSuffix: () => '/KH-PGDĐT', optional: true },
  { group: 'CQ', name: (n) => `Phòng Lao động - Thương binh và Xã hội ${n.place}`, planNumberSuffix: () => '/KH-PLĐTBXH', optional: true },
  { group: 'CQ', name: (n) => `Phòng Văn hóa và Thông tin ${n.place}`, planNumberSuffix: () => '/KH-PVHTT', optional: true },
  { group: 'CQ', name: (n) => `Ban Chỉ huy Quân sự ${n.place}`, planNumberSuffix: () => '/KH-BCHQS', optional: true },
  { group: 'CQ', name: (n) => `Trung tâm Y tế ${n.place}`, planNumberSuffix: () => '/KH-TTYT', optional: true },
  { group: 'TCD', name: (n) => `Ban Dân vận ${committee(n)}`, planNumberSuffix: (n) => `-KH/BDV${committeeAbbr(n)}` },
  { group: 'TCD', name: (n) => `Đảng bộ Khối cơ quan ${n.place}`, planNumberSuffix: () => '-KH/ĐUK' },
  { group: 'TCD', name: (n) => `Ban Tuyên giáo ${committee(n)}`, planNumberSuffix: (n) => `-KH/BTG${committeeAbbr(n)}`, optional: true },
  { group: 'DT', name: (n) => `Hội Nông dân ${n.place}` },
  { group: 'DT', name: (n) => `Hội Liên hiệp Phụ nữ ${n.place}` },
  { group: 'DT', name: (n) => `${n.isCity ? 'Thành đoàn' : 'Huyện đoàn'} ${n.short}` },
  { group: 'DT', name: (n) => `Hội Cựu chiến binh ${n.place}` },
  { group: 'MT', name: (n) => `Ủy ban MTTQ Việt Nam ${n.place}` },
];

const PROVINCE_ORGANISATIONS: OrganisationTemplate<string>[] = [
  { group: 'CQ', name: (p) => `Văn phòng UBND tỉnh ${p}`, planNumberSuffix: () => '/KH-VP' },
  { group: 'CQ', name: (p) => `Văn phòng Đoàn ĐBQH và HĐND tỉnh ${p}`, planNumberSuffix: () => '/KH-VPĐĐBQH' },
  { group: 'CQ', name: (p) => `Sở Nội vụ tỉnh ${p}`, planNumberSuffix: () => '/KH-SNV' },
  { group: 'CQ', name: (p) => `Sở Nông nghiệp và Phát triển nông thôn tỉnh ${p}`, planNumberSuffix: () => '/KH-SNN' },
  { group: 'CQ', name: (p) => `Sở Tư pháp tỉnh ${p}`, planNumberSuffix: () => '/KH-STP' },
  { group: 'CQ', name: (p) => `Sở Tài nguyên và Môi trường tỉnh ${p}`, planNumberSuffix: () => '/KH-STNMT' },
  { group: 'CQ', name: (p) => `Sở Giáo dục và Đào tạo tỉnh ${p}`, planNumberSuffix: () => '/KH-SGDĐT' },
  { group: 'CQ', name: (p) => `Sở Y tế tỉnh ${p}`, planNumberSuffix: () => '/KH-SYT' },
  { group: 'CQ', name: (p) => `Sở Lao động - Thương binh và Xã hội tỉnh ${p}`, planNumberSuffix: () => '/KH-SLĐTBXH' },
  { group: 'CQ', name: (p) => `Sở Văn hóa, Thể thao và Du lịch tỉnh ${p}`, planNumberSuffix: () => '/KH-SVHTTDL' },
  { group: 'CQ', name: (p) => `Sở Kế hoạch và Đầu tư tỉnh ${p}`, planNumberSuffix: () => '/KH-SKHĐT' },
  { group: 'CQ', name: (p) => `Sở Giao thông vận tải tỉnh ${p}`, planNumberSuffix: () => '/KH-SGTVT' },
  { group: 'CQ', name: (p) => `Công an tỉnh ${p}`, planNumberSuffix: () => '/KH-CAT' },
  { group: 'CQ', name: (p) => `Bộ Chỉ huy Quân sự tỉnh ${p}`, planNumberSuffix: () => '/KH-BCH' },
  { group: 'CQ', name: (p) => `Ban Dân tộc tỉnh ${p}`, planNumberSuffix: () => '/KH-BDT' },
  { group: 'TCD', name: (p) => `Ban Dân vận Tỉnh ủy ${p}`, planNumberSuffix: () => '-KH/BDVTU' },
  { group: 'TCD', name: (p) => `Ban Tuyên giáo Tỉnh ủy ${p}`, planNumberSuffix: () => '-KH/BTGTU' },
  { group: 'TCD', name: (p) => `Đảng bộ Khối các cơ quan tỉnh ${p}`, planNumberSuffix: () => '-KH/ĐUK' },
  { group: 'TCD', name: (p) => `Đảng bộ Khối Doanh nghiệp tỉnh ${p}`, planNumberSuffix: () => '-KH/ĐUKDN' },
  { group: 'DT', name: (p) => `Hội Nông dân tỉnh ${p}` },
  { group: 'DT', name: (p) => `Hội Liên hiệp Phụ nữ tỉnh ${p}` },
  { group: 'DT', name: (p) => `Tỉnh đoàn ${p}` },
  { group: 'DT', name: (p) => `Hội Cựu chiến binh tỉnh ${p}` },
  { group: 'DT', name: (p) => `Liên đoàn Lao động tỉnh ${p}` },
  { group: 'MT', name: (p) => `Ủy ban MTTQ Việt Nam tỉnh ${p}` },
];

const ORGANISATION_NOTE = 'Demo organisation generated by the seed; not taken from an official register.';

/** Codes `<parent code>.<group><nn>`, numbered within each group in template order. */
function organisationsUnder<Naming>(parent: DemoUnit, templates: OrganisationTemplate<Naming>[], naming: Naming): DemoUnit[] {
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
      validFrom: null,
      validTo: DISTRICT_LEVEL_END,
      note: ORGANISATION_NOTE,
      parentCode: parent.code,
      districtCode: parent.kind === 'DISTRICT' ? parent.code : null,
      planNumberSuffix: template.planNumberSuffix?.(naming) ?? null,
    };
  });
}

function districtOrganisations(district: DemoUnit): DemoUnit[] {
  const random = randomFor('organisations', district.code);
  const optional = DISTRICT_ORGANISATIONS.filter((template) => template.optional);
  const chosen = new Set([
    ...random.sample(optional.filter((template) => template.group === 'CQ'), random.int(1, 3)),
    ...random.sample(optional.filter((template) => template.group !== 'CQ'), random.int(0, 1)),
  ]);
  const templates = DISTRICT_ORGANISATIONS.filter((template) => !template.optional || chosen.has(template));
  const isCity = district.name.startsWith('Thành phố ');
  const short = placeName(district.name);
  return organisationsUnder(district, templates, { place: `${isCity ? 'thành phố' : 'huyện'} ${short}`, short, isCity });
}

export function buildUnitTree(): UnitTree {
  const administrative = administrativeUnits();
  const province = administrative.find((unit) => unit.code === PROVINCE_CODE);
  if (!province) throw new Error(`units.csv has no province ${PROVINCE_CODE}`);
  const organisations = [
    ...organisationsUnder(province, PROVINCE_ORGANISATIONS, placeName(province.name)),
    ...administrative.filter((unit) => unit.kind === 'DISTRICT').flatMap(districtOrganisations),
  ];
  const units = [...administrative, ...organisations];
  const byCode = new Map(units.map((unit) => [unit.code, unit]));
  if (byCode.size !== units.length) throw new Error('unit codes are not unique');
  const parentLinks = units
    .filter((unit) => unit.parentCode !== null)
    .map((unit) => ({ unitCode: unit.code, parentCode: unit.parentCode!, validFrom: unit.validFrom, validTo: unit.validTo }));
  return { units, byCode, parentLinks, lineages: lineages(byCode) };
}
