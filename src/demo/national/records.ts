// The movement's records across the country: the demo's generators (src/demo/records.ts) over the
// national tree, with the country's volumes: about 400,000 models registered in 2010-2015 and 80,000 to
// 100,000 a year after, and new-rural recognitions that follow the national programme's progress.
import { day, existsAtEndOf, isCommuneLevel, isOrganisation, type DemoUnit } from '../units.ts';
import { LAST_YEAR, ownerProfile, type OwnerProfile, type Territory, years } from '../records.ts';
import { PROVINCES } from './places.ts';
import { nationalRandom, type NationalTree, type ProvinceUnit } from './units.ts';

export const FIRST_YEAR = 2010;

/** Registrations across the whole country, per start year. */
const REGISTRATIONS_PER_YEAR: Record<number, number> = {
  2010: 52_000,
  2011: 58_000,
  2012: 64_000,
  2013: 69_000,
  2014: 75_000,
  2015: 82_000,
  2016: 78_000,
  2017: 82_000,
  2018: 96_000,
  2019: 90_000,
  2020: 74_000,
  2021: 94_000,
  2022: 88_000,
  2023: 84_000,
  2024: 80_000,
};

/** The year's registrations in the provinces generated, in proportion to their districts. */
export function registrationsIn(provinceCodes: readonly string[] | undefined, year: number): number {
  const districts = (codes?: readonly string[]) =>
    PROVINCES.filter((place) => !codes || codes.includes(place.code)).reduce((sum, place) => sum + place.districts, 0);
  return Math.round((REGISTRATIONS_PER_YEAR[year]! * districts(provinceCodes)) / districts());
}

export function nationalTerritory(tree: NationalTree, seed: number): Territory {
  // Records belong to the provinces' units: the country above them has none of its own.
  const unit = (code: string): ProvinceUnit => {
    const found = tree.byCode.get(code);
    if (!found) throw new Error(`national data refers to unknown unit ${code}`);
    if (found.provinceCode === null) throw new Error(`national data gives ${code}, which is in no province, a record`);
    return found;
  };
  return {
    firstYear: FIRST_YEAR,
    strengthOf: (owner) => unit(owner.code).strength,
    evaluatorOf: (owner) => unit(owner.districtCode ?? unit(owner.code).provinceCode),
    provinceOf: (owner) => unit(unit(owner.code).provinceCode),
    random: nationalRandom(seed),
  };
}

/**
 * A commune's own organisations mostly register their work as the commune's models: on their own they
 * register less, so that the communes, five times fewer, still hold most models as in the demo.
 */
const COMMUNE_ORGANISATION_ACTIVITY = 0.15;

export function owners(territory: Territory, units: readonly DemoUnit[]): OwnerProfile[] {
  return units
    .filter((unit) => isCommuneLevel(unit) || isOrganisation(unit))
    .map((unit) => {
      const profile = ownerProfile(territory, unit);
      return unit.level === 'COMMUNE' && isOrganisation(unit) ? { ...profile, activity: profile.activity * COMMUNE_ORGANISATION_ACTIVITY } : profile;
    });
}

/**
 * Share of communes recognised as new-rural by the end of each year: shaped on the national programme's
 * published progress (about 17% at the end of 2015, 62% in 2020, near 78% in 2024).
 */
const RECOGNISED_SHARE: Record<number, number> = {
  2011: 0.005,
  2012: 0.02,
  2013: 0.05,
  2014: 0.1,
  2015: 0.17,
  2016: 0.25,
  2017: 0.33,
  2018: 0.43,
  2019: 0.54,
  2020: 0.62,
  2021: 0.68,
  2022: 0.73,
  2023: 0.76,
  2024: 0.78,
};

/** The day each commune recognised so far was recognised, reaching each year's share in turn. */
export function recognitions(territory: Territory, communes: readonly DemoUnit[]): Map<string, Date> {
  const random = territory.random('new-rural', 'recognitions');
  // Weighted sampling without replacement (exponential keys): communes of strong districts tend to go first.
  const queue = communes
    .map((unit) => ({ unit, key: -Math.log(1 - random.next()) / territory.strengthOf(unit) ** 2 }))
    .sort((a, b) => a.key - b.key)
    .map(({ unit }) => unit);
  const recognised = new Map<string, Date>();
  for (const year of years(FIRST_YEAR + 1, LAST_YEAR)) {
    const standing = communes.filter((unit) => existsAtEndOf(unit, year));
    let wanted = Math.round(RECOGNISED_SHARE[year]! * standing.length) - standing.filter((unit) => recognised.has(unit.code)).length;
    for (const unit of queue) {
      if (wanted <= 0) break;
      // A commune formed by a merger needs a year of its own before it can be recognised.
      if (recognised.has(unit.code) || !existsAtEndOf(unit, year) || (unit.validFrom !== null && unit.validFrom.getUTCFullYear() >= year)) continue;
      recognised.set(unit.code, day(`${year}-${random.pick(['11', '12'])}-${String(random.int(1, 28)).padStart(2, '0')}`));
      wanted -= 1;
    }
  }
  return recognised;
}
