// The unit tree of the national data set: the country (VN) at the root, 63 provinces, about 700 districts
// and 11,000 commune-level units with generated names and official-looking codes, the small communes merged in 2020 (as Bắc Kạn's
// were by 855/NQ-UBTVQH14), and organisations at the three levels: the demo's under each province and
// district, and a Party committee, police, Front and some mass organisations under each commune.
import type { LineageKind, UnitKind } from '../../generated/sqlite/client.ts';
import { type Random, randomFor } from '../random.ts';
import { addDays, clamp } from '../records.ts';
import {
  day,
  type DemoLineage,
  type DemoParentLink,
  type DemoUnit,
  districtOrganisations,
  type OrganisationTemplate,
  organisationsUnder,
  placeName,
  provinceOrganisations,
  type Validity,
} from '../units.ts';
import { PROVINCES, type ProvincePlace, SiblingNames } from './places.ts';

/** A unit in one of the provinces. */
export interface ProvinceUnit extends DemoUnit {
  /** The row id: assigned here, so that rows pointing at units need no lookup in the database. */
  id: number;
  provinceCode: string;
  /** How strong the unit's district is (its province's, above the districts): see Territory.strengthOf. */
  strength: number;
}

/** The country: the root above the provinces, in none of them, and with no records of its own. */
export interface CountryUnit extends DemoUnit {
  id: number;
  provinceCode: null;
}

export type NationalUnit = ProvinceUnit | CountryUnit;

export interface NationalTree {
  units: NationalUnit[];
  byCode: Map<string, NationalUnit>;
  parentLinks: DemoParentLink[];
  lineages: DemoLineage[];
}

/** The random stream for a label, under the data set's seed: every seed gives another country. */
export function nationalRandom(seed: number) {
  return (...label: (string | number)[]): Random => randomFor('national', seed, ...label);
}

const STILL_VALID: Validity = { validFrom: null, validTo: null };

/** The root that the national overview asks about: real code (ISO 3166) and name. */
const COUNTRY: DemoUnit = {
  code: 'VN',
  officialCode: 'VN',
  name: 'Việt Nam',
  kind: 'COUNTRY',
  level: 'CENTRAL',
  ...STILL_VALID,
  note: 'The whole country, above the provinces: the unit of the national overview.',
  parentCode: null,
  districtCode: null,
  planNumberSuffix: null,
};
const PROVINCE_NOTE = 'Real province code and name; its districts, communes and organisations are generated.';
const UNIT_NOTE = 'Generated unit of the national demo data; not an official administrative unit.';

type DistrictType = 'Quận' | 'Thành phố' | 'Thị xã' | 'Huyện';

/** Commune-level units per district, and the share of wards, by type of district. */
const COMMUNES_PER_DISTRICT: Record<DistrictType, { min: number; max: number; wards: [number, number] }> = {
  Quận: { min: 8, max: 16, wards: [1, 1] },
  'Thành phố': { min: 11, max: 21, wards: [0.55, 0.8] },
  'Thị xã': { min: 9, max: 16, wards: [0.35, 0.6] },
  Huyện: { min: 9, max: 24, wards: [0, 0] },
};

/**
 * Every commune has its Party committee, police and Front committee, and some of its mass organisations
 * (not all, so that the national count stays near the 60,000 organisations).
 */
const COMMUNE_ORGANISATIONS: OrganisationTemplate[] = [
  { group: 'CQ', name: (n) => `Công an ${n.place}`, planNumberSuffix: (n) => `/KH-${n.policeAbbr}` },
  { group: 'TCD', name: (n) => `${n.committee} ${n.place}`, planNumberSuffix: () => '-KH/ĐU' },
  { group: 'DT', name: (n) => `Hội Nông dân ${n.place}`, optional: true },
  { group: 'DT', name: (n) => `Hội Liên hiệp Phụ nữ ${n.place}`, optional: true },
  { group: 'DT', name: (n) => `${n.youthUnion} ${n.place}`, optional: true },
  { group: 'DT', name: (n) => `Hội Cựu chiến binh ${n.place}`, optional: true },
  { group: 'MT', name: (n) => `Ủy ban MTTQ Việt Nam ${n.place}` },
];

/** The 2020 arrangement of a province: one resolution, one date, and how eagerly it merged small communes. */
interface Arrangement {
  effectiveDate: Date;
  resolution: string;
  /** Chance that a commune starts a merger group with the next ones. */
  rate: number;
}

type Unplaced = Omit<ProvinceUnit, 'id'>;

/** A commune-level unit with the organisations it has. */
interface Commune {
  unit: Unplaced;
  templates: OrganisationTemplate[];
}

class TreeBuilder {
  readonly units: Unplaced[] = [];
  readonly lineages: DemoLineage[] = [];
  /** Codes run through the country in province order, as the statistics office's do. */
  private nextDistrictCode = 1;
  private nextCommuneCode = 1;

  constructor(private readonly random: (...label: (string | number)[]) => Random) {}

  private add(unit: DemoUnit, provinceCode: string, strength: number): Unplaced {
    const placed = { ...unit, provinceCode, strength };
    this.units.push(placed);
    return placed;
  }

  private organisations(parent: Unplaced, organisations: DemoUnit[]): Unplaced[] {
    return organisations.map((organisation) => this.add(organisation, parent.provinceCode, parent.strength));
  }

  province(place: ProvincePlace): void {
    const random = this.random('province', place.code);
    const province = this.add(
      {
        code: place.code,
        officialCode: place.code,
        name: place.name,
        kind: 'PROVINCE',
        level: 'PROVINCE',
        ...STILL_VALID,
        note: PROVINCE_NOTE,
        parentCode: COUNTRY.code,
        districtCode: null,
        planNumberSuffix: null,
      },
      place.code,
      random.between(0.5, 0.95),
    );
    this.organisations(province, provinceOrganisations(province, STILL_VALID));
    const arrangement: Arrangement = {
      effectiveDate: day(random.pick(['2020-01-01', '2020-02-01'])),
      resolution: `${random.int(818, 897)}/NQ-UBTVQH14`,
      rate: random.between(0.012, 0.09),
    };
    const names = new SiblingNames(random, place.localNames);
    districtTypes(place, random).forEach((type, index) => {
      // A province's first city is its capital and carries its name, as most capitals do.
      const name = index === 0 && type === 'Thành phố' ? names.take(placeName(place.name).split(' - ')[0]!) : names.draw();
      this.district(province, place, type, `${type} ${name}`, random, arrangement);
    });
  }

  private district(province: Unplaced, place: ProvincePlace, type: DistrictType, name: string, provinceRandom: Random, arrangement: Arrangement): void {
    const code = String(this.nextDistrictCode++).padStart(3, '0');
    const random = this.random('district', code);
    const strength = clamp(province.strength + provinceRandom.between(-0.2, 0.12) + (type === 'Huyện' ? 0 : 0.08), 0.3, 0.98);
    const district = this.add(
      {
        code,
        officialCode: code,
        name,
        kind: 'DISTRICT',
        level: 'DISTRICT',
        ...STILL_VALID,
        note: UNIT_NOTE,
        parentCode: province.code,
        districtCode: code,
        planNumberSuffix: '/KH-UBND',
      },
      place.code,
      strength,
    );
    this.organisations(district, districtOrganisations(district, random, STILL_VALID));

    const names = new SiblingNames(random, place.localNames);
    const communes = communeKinds(type, random).map((kind, index): Commune => {
      // A rural district's first township is its seat and carries its name.
      const communeName = kind === 'TOWNSHIP' && index === 0 ? names.take(placeName(name)) : names.draw();
      const code = String(this.nextCommuneCode).padStart(5, '0');
      this.nextCommuneCode += 3;
      return { unit: this.add(this.commune(district, kind, communeName, code), place.code, strength), templates: communeOrganisationTemplates(random) };
    });
    const mergers = mergerGroups(communes, random, arrangement.rate).map((predecessors) => ({
      predecessors,
      successor: this.merge(district, predecessors, names, arrangement),
    }));
    const organisations = new Map<Commune, Unplaced[]>();
    for (const commune of [...communes, ...mergers.map(({ successor }) => successor)]) {
      const { unit, templates } = commune;
      organisations.set(commune, this.organisations(unit, organisationsUnder(unit, templates, { validFrom: unit.validFrom, validTo: unit.validTo })));
    }
    // Each organisation of a merged commune passes into the successor's organisation of the same kind.
    for (const { predecessors, successor } of mergers) {
      for (const predecessor of predecessors) {
        const kind = lineageKind(predecessor.unit, successor.unit);
        predecessor.templates.forEach((template, index) => {
          this.lineages.push({
            predecessorCode: organisations.get(predecessor)![index]!.code,
            successorCode: organisations.get(successor)![successor.templates.indexOf(template)]!.code,
            effectiveDate: arrangement.effectiveDate,
            kind,
            resolution: arrangement.resolution,
            sourceUrl: null,
          });
        });
      }
    }
  }

  /**
   * Merges a group of neighbouring communes into a new unit. A township or ward absorbs the communes and
   * keeps its name (a continuation, in the demo's terms); communes alone make a xã with a new name. The
   * new unit takes the official code of the unit it continues, with the year as suffix, as Bắc Kạn's did.
   */
  private merge(district: Unplaced, predecessors: Commune[], names: SiblingNames, arrangement: Arrangement): Commune {
    const absorbing = predecessors.find(({ unit }) => unit.kind !== 'COMMUNE')?.unit;
    const first = absorbing ?? predecessors[0]!.unit;
    const name = absorbing ? placeName(absorbing.name) : names.merged(predecessors.map(({ unit }) => placeName(unit.name)));
    const successor = this.add(
      { ...this.commune(district, first.kind, name, `${first.officialCode}-2020`), validFrom: arrangement.effectiveDate },
      district.provinceCode,
      district.strength,
    );
    const lastDay = addDays(arrangement.effectiveDate, -1);
    for (const { unit } of predecessors) {
      unit.validTo = lastDay;
      this.lineages.push({
        predecessorCode: unit.code,
        successorCode: successor.code,
        effectiveDate: arrangement.effectiveDate,
        kind: lineageKind(unit, successor),
        resolution: arrangement.resolution,
        sourceUrl: null,
      });
    }
    const templates = COMMUNE_ORGANISATIONS.filter((template) => predecessors.some((predecessor) => predecessor.templates.includes(template)));
    return { unit: successor, templates };
  }

  private commune(district: DemoUnit, kind: UnitKind, name: string, code: string): DemoUnit {
    const prefix = kind === 'WARD' ? 'Phường' : kind === 'TOWNSHIP' ? 'Thị trấn' : 'Xã';
    return {
      code,
      officialCode: code.split('-')[0]!,
      name: `${prefix} ${name}`,
      kind,
      level: 'COMMUNE',
      ...STILL_VALID,
      note: UNIT_NOTE,
      parentCode: district.code,
      districtCode: district.code,
      planNumberSuffix: '/KH-UBND',
    };
  }
}

/** As in the demo: a unit that goes on under its own name continues; any other merges. */
function lineageKind(predecessor: DemoUnit, successor: DemoUnit): LineageKind {
  return placeName(predecessor.name) === placeName(successor.name) ? 'CONTINUATION' : 'MERGER';
}

function districtTypes(place: ProvincePlace, random: Random): DistrictType[] {
  const rural = (count: number): DistrictType[] => Array.from({ length: count }, () => 'Huyện');
  if (place.urbanDistricts)
    return [...Array.from({ length: place.urbanDistricts }, (): DistrictType => 'Quận'), ...rural(place.districts - place.urbanDistricts)];
  const towns = Array.from({ length: random.int(0, 2) }, (): DistrictType => (random.chance(0.7) ? 'Thị xã' : 'Thành phố'));
  return ['Thành phố', ...towns, ...rural(place.districts - 1 - towns.length)];
}

/** Urban units first, as the statistics office lists them: wards, or a rural district's seat township. */
function communeKinds(type: DistrictType, random: Random): UnitKind[] {
  const {
    min,
    max,
    wards: [fewest, most],
  } = COMMUNES_PER_DISTRICT[type];
  const count = random.int(min, max);
  const wards = Math.round(count * random.between(fewest, most));
  const townships = type === 'Huyện' ? (random.chance(0.2) ? 2 : 1) : 0;
  return Array.from({ length: count }, (_, index): UnitKind => (index < wards ? 'WARD' : index < wards + townships ? 'TOWNSHIP' : 'COMMUNE'));
}

function communeOrganisationTemplates(random: Random): OrganisationTemplate[] {
  const chosen = new Set(
    random.sample(
      COMMUNE_ORGANISATIONS.filter((template) => template.optional),
      random.int(1, 2),
    ),
  );
  return COMMUNE_ORGANISATIONS.filter((template) => !template.optional || chosen.has(template));
}

/** Groups of two or three neighbouring communes that the arrangement merges. */
function mergerGroups<T>(communes: T[], random: Random, rate: number): T[][] {
  const groups: T[][] = [];
  for (let index = 0; index < communes.length - 1; ) {
    if (!random.chance(rate)) {
      index += 1;
      continue;
    }
    const size = Math.min(communes.length - index, random.chance(0.25) ? 3 : 2);
    groups.push(communes.slice(index, index + size));
    index += size;
  }
  return groups;
}

/**
 * The national tree under the country: every province, or only the given ones (a small data set for
 * tests). The whole country is drawn either way, so that a province has the same codes and names in both.
 */
export function buildNationalTree(seed: number, provinceCodes?: readonly string[]): NationalTree {
  const builder = new TreeBuilder(nationalRandom(seed));
  for (const place of PROVINCES) builder.province(place);
  const kept = provinceCodes ? new Set(provinceCodes) : null;
  const country: Omit<CountryUnit, 'id'> = { ...COUNTRY, provinceCode: null };
  const units: NationalUnit[] = [country, ...builder.units.filter((unit) => !kept || kept.has(unit.provinceCode))].map((unit, index) => ({
    ...unit,
    id: index + 1,
  }));
  const byCode = new Map(units.map((unit) => [unit.code, unit]));
  if (byCode.size !== units.length) throw new Error('national unit codes are not unique');
  const parentLinks = units
    .filter((unit) => unit.parentCode !== null)
    .map((unit) => ({ unitCode: unit.code, parentCode: unit.parentCode!, validFrom: unit.validFrom, validTo: unit.validTo }));
  return { units, byCode, parentLinks, lineages: builder.lineages.filter((lineage) => byCode.has(lineage.predecessorCode)) };
}
