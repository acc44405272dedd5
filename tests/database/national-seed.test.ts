// The national data set at its test scale (two provinces, Bắc Kạn and Hà Nam, generated as in the full
// national run, under the country VN), on a fresh database of each provider: the tree's shape, the 2020
// mergers, every indicator computed by the app's own analytics, the national overview on the country, the
// app writing after the seed, the refusals, and the same rows from the same seed on both databases.
import { graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/access/accounts.ts';
import type { SignedIn } from '../../src/access/viewer.ts';
import { coverageNumbers } from '../../src/analytics/coverage.ts';
import { createFacts } from '../../src/analytics/facts.ts';
import { createDatabase, type Database } from '../../src/db/client.ts';
import type { Provider } from '../../src/db/datamodel.ts';
import type { Prisma } from '../../src/generated/sqlite/client.ts';
import { registrationsIn } from '../../src/demo/national/records.ts';
import { type NationalSummary, seedNational } from '../../src/demo/national/seed.ts';
import { buildNationalTree } from '../../src/demo/national/units.ts';
import { DEMO_CATALOGUE } from '../../src/indicators/catalogue.ts';
import { schema } from '../../src/schema/index.ts';
import { foldForSearch } from '../../src/lib/text.ts';
import { freshDatabase, providers, type TestDatabase } from '../support/databases.ts';
import type { Result } from '../support/graphql.ts';
import { contextAs, nationalAdmin } from '../support/viewers.ts';

const SEED = 11;
const TEST_PROVINCES = ['06', '35'];
/** Bắc Kạn's and Hà Nam's districts in the national data set. */
const DISTRICTS = 8 + 6;
const PROVINCE_ORGANISATIONS = 25;

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const existingOn = (date: Date): Prisma.UnitWhereInput => ({
  AND: [{ OR: [{ validFrom: null }, { validFrom: { lte: date } }] }, { OR: [{ validTo: null }, { validTo: { gte: date } }] }],
});

interface Numbers {
  numerator: number;
  denominator: number;
}
const sum = (groups: Numbers[]): Numbers =>
  groups.reduce((total, group) => ({ numerator: total.numerator + group.numerator, denominator: total.denominator + group.denominator }), {
    numerator: 0,
    denominator: 0,
  });

/** What each provider's run produced, compared across providers at the end. */
const produced = new Map<Provider, { summary: NationalSummary; firstRows: unknown }>();

describe.each(providers)('the national data set at test scale, on %s', (provider) => {
  let database: TestDatabase;
  let db: Database;
  let summary: NationalSummary;

  /** Executes against the schema, as the whole-country administrator unless told otherwise. */
  const ask = (source: string, variableValues: Record<string, unknown>, viewer?: SignedIn): Promise<Result> =>
    graphql({ schema, source, variableValues, contextValue: contextAs(db, viewer) });

  beforeAll(async () => {
    database = await freshDatabase(provider);
    summary = await seedNational(database.url, { scale: 'test', seed: SEED });
    db = createDatabase(database.url);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it('writes the rows it reports, with the models of two provinces', async () => {
    expect(summary).toMatchObject({
      Unit: await db.unit.count(),
      UnitLineage: await db.unitLineage.count(),
      Model: await db.model.count(),
      Evaluation: await db.evaluation.count(),
      Plan: await db.plan.count(),
      SatisfactionSurvey: await db.satisfactionSurvey.count(),
      NewRuralStatus: await db.newRuralStatus.count(),
      Indicator: DEMO_CATALOGUE.indicators.length,
    });
    const years = Array.from({ length: 15 }, (_, index) => 2010 + index);
    expect(summary.Model).toBe(years.reduce((sum, year) => sum + registrationsIn(TEST_PROVINCES, year), 0));
    expect(summary.Evaluation).toBeGreaterThan(3 * summary.Model);
    produced.set(provider, {
      summary,
      firstRows: await Promise.all([
        db.unit.findMany({ orderBy: { id: 'asc' }, take: 5, select: { id: true, code: true, name: true, kind: true, validTo: true } }),
        db.model.findMany({ orderBy: { id: 'asc' }, take: 3, omit: { description: true, sourceUrl: true } }),
        db.evaluation.findMany({ orderBy: { id: 'asc' }, take: 3 }),
        db.newRuralStatus.findMany({ where: { recognisedOn: { not: null } }, orderBy: { id: 'asc' }, take: 2 }),
      ]),
    });
  });

  it('has the units of each level in the ranges of two provinces, before and after the 2020 mergers', async () => {
    const countOn = async (date: Date, kind: 'PROVINCE' | 'DISTRICT' | 'COMMUNE' | 'WARD' | 'TOWNSHIP') =>
      db.unit.count({ where: { kind, ...existingOn(date) } });
    const communeLevel = async (date: Date) =>
      (await Promise.all((['COMMUNE', 'WARD', 'TOWNSHIP'] as const).map((kind) => countOn(date, kind)))).reduce((a, b) => a + b);
    for (const date of [day('2019-12-31'), day('2021-12-31')]) {
      expect(await countOn(date, 'PROVINCE')).toBe(2);
      expect(await countOn(date, 'DISTRICT')).toBe(DISTRICTS);
      expect(await communeLevel(date)).toBeGreaterThanOrEqual(DISTRICTS * 8);
      expect(await communeLevel(date)).toBeLessThanOrEqual(DISTRICTS * 24);
    }
    expect(await communeLevel(day('2021-12-31'))).toBeLessThan(await communeLevel(day('2019-12-31')));

    const organisations: Prisma.UnitWhereInput = { kind: { in: ['AGENCY', 'PARTY_ORGANISATION', 'MASS_ORGANISATION', 'FRONT'] } };
    expect(await db.unit.count({ where: { ...organisations, level: 'PROVINCE' } })).toBe(2 * PROVINCE_ORGANISATIONS);
    const districtOrganisations = await db.unit.count({ where: { ...organisations, level: 'DISTRICT' } });
    expect(districtOrganisations).toBeGreaterThanOrEqual(DISTRICTS * 12);
    expect(districtOrganisations).toBeLessThanOrEqual(DISTRICTS * 15);
    // Police, Party committee and Front, and one or two mass organisations, in every commune-level unit.
    const communeRows = await db.unit.count({ where: { kind: { in: ['COMMUNE', 'WARD', 'TOWNSHIP'] } } });
    const communeOrganisations = await db.unit.count({ where: { ...organisations, level: 'COMMUNE' } });
    expect(communeOrganisations).toBeGreaterThanOrEqual(4 * communeRows);
    expect(communeOrganisations).toBeLessThanOrEqual(5 * communeRows);
    for (const kind of ['AGENCY', 'PARTY_ORGANISATION', 'MASS_ORGANISATION', 'FRONT'] as const) {
      expect(await db.unit.count({ where: { kind, level: 'COMMUNE' } })).toBeGreaterThan(0);
    }
  });

  it('codes and names units as the statistics office and the demo do', async () => {
    const units = await db.unit.findMany({ select: { code: true, officialCode: true, name: true, searchName: true, kind: true } });
    const shapes: Record<string, RegExp> = {
      COUNTRY: /^VN$/,
      PROVINCE: /^\d{2}$/,
      DISTRICT: /^\d{3}$/,
      COMMUNE: /^\d{5}(-2020)?$/,
      WARD: /^\d{5}(-2020)?$/,
      TOWNSHIP: /^\d{5}(-2020)?$/,
    };
    const prefixes: Record<string, RegExp> = {
      PROVINCE: /^Tỉnh /,
      DISTRICT: /^(Huyện|Thành phố|Thị xã) /,
      COMMUNE: /^Xã /,
      WARD: /^Phường /,
      TOWNSHIP: /^Thị trấn /,
    };
    for (const unit of units) {
      expect(unit.code).toMatch(shapes[unit.kind] ?? /^\d{2,5}(-2020)?\.(CQ|TCD|DT|MT)\d{2}$/);
      if (prefixes[unit.kind]) expect(unit.name).toMatch(prefixes[unit.kind]!);
      expect(unit.searchName).toBe(foldForSearch(unit.name));
      expect(unit.officialCode).toBe(shapes[unit.kind] ? unit.code.split('-')[0] : unit.code);
    }
    expect(units.map((unit) => unit.name)).toContain('Thành phố Bắc Kạn');
  });

  it('merges communes in 2020, ending them and their parent links the day before their successor starts', async () => {
    const lineages = await db.unitLineage.findMany({ include: { predecessor: { include: { parentLinks: true } }, successor: true } });
    expect(lineages.filter((lineage) => lineage.kind === 'MERGER').length).toBeGreaterThan(0);
    for (const { effectiveDate, predecessor, successor, resolution } of lineages) {
      expect(effectiveDate.getUTCFullYear()).toBe(2020);
      expect(resolution).toMatch(/^\d+\/NQ-UBTVQH14$/);
      expect(successor.validFrom).toEqual(effectiveDate);
      expect(predecessor.validTo!.getTime()).toBe(effectiveDate.getTime() - 86_400_000);
      expect(predecessor.parentLinks.map((link) => link.validTo)).toEqual([predecessor.validTo]);
      expect(successor.kind).toBe(predecessor.kind === 'COMMUNE' ? successor.kind : predecessor.kind);
    }
    // Merged communes register nothing after they end.
    const late = await db.model.count({ where: { unit: { validTo: { not: null } }, startYear: { gte: 2020 } } });
    expect(late).toBe(0);
  });

  it('computes every indicator as a ratio between 0 and 1, met by some units and missed by others', async () => {
    const facts = createFacts(db);
    const provinces = await db.unit.findMany({ where: { kind: 'PROVINCE' } });
    const stored = await db.indicator.findMany({ select: { id: true, code: true } });
    let missing = 0;
    for (const { code, definition } of DEMO_CATALOGUE.indicators) {
      const indicator = { id: stored.find((candidate) => candidate.code === code)!.id, parsed: definition };
      for (const year of [2012, 2019, 2020, 2024]) {
        for (const province of provinces) {
          const { numerator, denominator, missingRows } = await coverageNumbers(facts, indicator, province.id, year);
          if (code === 'SATISFACTION' && year < 2018) {
            expect(denominator).toBe(0);
            continue;
          }
          expect(denominator, `${code} ${year} ${province.code}`).toBeGreaterThan(0);
          expect(numerator, `${code} ${year} ${province.code}`).toBeGreaterThanOrEqual(0);
          expect(numerator, `${code} ${year} ${province.code}`).toBeLessThanOrEqual(denominator);
          if (year === 2019) expect(numerator, `${code} ${year} ${province.code}`).toBeGreaterThan(0);
          missing += (await missingRows(1000)).length;
        }
      }
    }
    expect(missing).toBeGreaterThan(0);
  });

  it('has the country VN at the root, above every province for their whole validity', async () => {
    expect(await db.unit.findMany({ where: { kind: 'COUNTRY' }, omit: { id: true, note: true } })).toEqual([
      {
        code: 'VN',
        officialCode: 'VN',
        name: 'Việt Nam',
        searchName: foldForSearch('Việt Nam'),
        kind: 'COUNTRY',
        level: 'CENTRAL',
        validFrom: null,
        validTo: null,
      },
    ]);
    expect(await db.unitParent.count({ where: { unit: { code: 'VN' } } })).toBe(0);
    for (const asOf of ['2019-06-30', '2024-12-31']) {
      const tree = await ask(
        `query($asOf: Date!) {
          units(kind: [PROVINCE], asOf: $asOf, first: 100) { edges { node { code parent(asOf: $asOf) { code } } } }
          unit(code: "VN") { children(asOf: $asOf) { code } }
        }`,
        { asOf },
      );
      const provinces = tree.data!.units.edges.map(
        ({ node }: { node: { code: string; parent: { code: string } | null } }) => `${node.code} < ${node.parent?.code}`,
      );
      expect(provinces, asOf).toEqual(['06 < VN', '35 < VN']);
      expect(
        tree.data!.unit.children.map((child: { code: string }) => child.code),
        asOf,
      ).toEqual(TEST_PROVINCES);
    }
  });

  it('answers the national overview on the country: each indicator the sum of its provinces', async () => {
    for (const year of [2019, 2024]) {
      const overview = await ask(
        `query($year: Int!) { dashboard(unit: "VN", year: $year) { coverages { indicator { code } numerator denominator breakdown(by: CHILD_UNITS) { unit { code } numerator denominator } } } }`,
        { year },
      );
      const coverages = overview.data!.dashboard.coverages as (Numbers & {
        indicator: { code: string };
        breakdown: (Numbers & { unit: { code: string } })[];
      })[];
      expect(coverages.map((coverage) => coverage.indicator.code)).toEqual(DEMO_CATALOGUE.indicators.map((indicator) => indicator.code));
      for (const { indicator, numerator, denominator, breakdown } of coverages) {
        // The country holds no records of its own: its breakdown is its provinces, and nothing else.
        expect(
          breakdown.map((group) => group.unit.code),
          `${indicator.code} ${year}`,
        ).toEqual(TEST_PROVINCES);
        expect({ numerator, denominator }, `${indicator.code} ${year}`).toEqual(sum(breakdown));
        expect(denominator, `${indicator.code} ${year}`).toBeGreaterThan(0);
      }
    }
  });

  it('lets an account that holds the country read all of it as a whole-country one does, and no province officer hold it', async () => {
    const country = await db.unit.findUniqueOrThrow({ where: { code: 'VN' }, select: { id: true, code: true, name: true } });
    const holdsCountry: SignedIn = { ...nationalAdmin, role: 'ANALYST', username: 'phan.tich.vn', unit: country };
    const commune = await db.unit.findFirstOrThrow({ where: { kind: 'COMMUNE', validTo: null }, orderBy: { code: 'asc' } });
    const source = `query($unit: String!) { dashboard(unit: $unit, year: 2024) { coverages { indicator { code } numerator denominator missing(first: 3) { totalCount } } } }`;
    for (const unit of ['VN', '35', commune.code]) {
      const asHolder = await ask(source, { unit }, holdsCountry);
      expect(asHolder.errors, unit).toBeUndefined();
      expect(asHolder.data, unit).toEqual((await ask(source, { unit })).data);
    }
    await expect(createUser(db, { username: 'tinh.vn', displayName: 'Cán bộ tỉnh', role: 'PROVINCE_OFFICER', unit: 'VN' })).rejects.toThrow(
      'unit: a PROVINCE_OFFICER holds a PROVINCE unit; Việt Nam is at CENTRAL level',
    );
    expect(await db.user.count()).toBe(0);
  });

  it('leaves the id sequences ready for the app to insert', async () => {
    const [unit, model] = await Promise.all([db.unit.findFirstOrThrow({ where: { kind: 'COMMUNE' } }), db.model.aggregate({ _max: { id: true } })]);
    const created = await db.model.create({
      data: {
        registrationKey: 'TEST-AFTER-SEED',
        kind: 'MODEL',
        holder: 'COLLECTIVE',
        title: 'Mô hình nhập sau khi tạo dữ liệu',
        unitId: unit.id,
        fieldId: 1,
        startYear: 2024,
        origin: 'ENTERED',
      },
    });
    expect(created.id).toBe(model._max.id! + 1);
    await db.evaluation.create({ data: { modelId: created.id, year: 2024, rating: 'EFFECTIVE' } });
    await db.plan.create({ data: { unitId: unit.id, year: 2030 } });
    await db.unit.create({ data: { code: '99999', officialCode: '99999', name: 'Xã Thử', searchName: 'xa thu', kind: 'COMMUNE', level: 'COMMUNE' } });
  });

  it('refuses a database with data, and names an interrupted seed for what it is', async () => {
    await expect(seedNational(database.url, { scale: 'test', seed: SEED })).rejects.toThrow(/already has data/);
    await db.indicator.deleteMany();
    await expect(seedNational(database.url, { scale: 'test', seed: SEED })).rejects.toThrow(/interrupted seed/);
  });
});

describe('the national data set from a seed', () => {
  it('is the same on both databases for the same seed', () => {
    expect(produced.size).toBe(providers.length);
    const [first, ...others] = [...produced.values()];
    for (const other of others) expect(other).toEqual(first);
  });

  it('is another country for another seed, and the same whole or in part', () => {
    const names = (seed: number, provinces?: string[]) =>
      buildNationalTree(seed, provinces)
        .units.filter((unit) => unit.provinceCode === '35')
        .map((unit) => `${unit.code} ${unit.name}`);
    expect(names(SEED, TEST_PROVINCES)).toEqual(names(SEED, TEST_PROVINCES));
    expect(names(SEED + 1, TEST_PROVINCES)).not.toEqual(names(SEED, TEST_PROVINCES));
    expect(names(SEED, TEST_PROVINCES)).toEqual(names(SEED));
  });
});
