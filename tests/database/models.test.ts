// Models and exemplars: the published records, filters checked against an independent count, the
// lineage rule for merged communes, and a bounded number of SQL statements for deep walks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { providers } from '../support/databases.ts';
import { countStatements, openDemoDatabase, query } from '../support/graphql.ts';

const yearEnd = (year: number) => new Date(Date.UTC(year, 11, 31));

type Rows = Awaited<ReturnType<typeof loadRows>>;

function loadRows(db: Database) {
  return Promise.all([
    db.unit.findMany(),
    db.unitParent.findMany(),
    db.unitLineage.findMany(),
    db.model.findMany({ select: { unitId: true, startYear: true, endYear: true } }),
  ]);
}

/**
 * Counts, in plain JavaScript over every row, the models active in `year` whose owner lies under `root`
 * as the tree stood at the end of that year, directly or through the units it merged into.
 */
function independentCount([units, links, lineage, models]: Rows, root: string, year: number): number {
  const day = yearEnd(year);
  const valid = (row: { validFrom: Date | null; validTo: Date | null }) => (!row.validFrom || row.validFrom <= day) && (!row.validTo || row.validTo >= day);
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const under = new Set<number>([units.find((unit) => unit.code === root)!.id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const link of links) {
      if (valid(link) && valid(byId.get(link.unitId)!) && under.has(link.parentId) && !under.has(link.unitId)) {
        under.add(link.unitId);
        grew = true;
      }
    }
  }
  const accountable = new Set([...under].filter((id) => valid(byId.get(id)!)));
  for (let grew = true; grew; ) {
    grew = false;
    for (const link of lineage) {
      if (link.effectiveDate <= day && accountable.has(link.successorId) && !accountable.has(link.predecessorId)) {
        accountable.add(link.predecessorId);
        grew = true;
      }
    }
  }
  return models.filter((model) => accountable.has(model.unitId) && model.startYear <= year && (model.endYear == null || model.endYear >= year)).length;
}

describe.each(providers)('models on %s', (provider) => {
  let db: Database;
  let rows: Rows | undefined;
  beforeAll(() => {
    db = openDemoDatabase(provider);
  });
  afterAll(() => db.$disconnect());

  it('carries the published records of the 2017 article, with their units and fields', async () => {
    const data = await query(
      db,
      `{ models(filter: { origin: PUBLISHED }, first: 20) { totalCount edges { node { title kind holder unit { name } field { code } } } } }`,
    );
    expect(data!.models.totalCount).toBe(8);
    const records = data!.models.edges.map((edge: { node: unknown }) => edge.node);
    expect(records).toContainEqual(
      expect.objectContaining({ kind: 'EXEMPLAR', holder: 'INDIVIDUAL', unit: { name: 'Xã Xuân La' }, field: { code: 'KINH_TE' } }),
    );
    expect(records.find((record: { title: string }) => record.title.includes('Quan Thị Giang'))).toBeDefined();
    expect(records).toContainEqual(expect.objectContaining({ unit: { name: 'Công an huyện Chợ Đồn' }, field: { code: 'QUOC_PHONG_AN_NINH' } }));
    expect(records).toContainEqual(expect.objectContaining({ unit: { name: 'Xã Quân Bình' }, field: { code: 'NONG_THON_MOI' } }));
  });

  it.each([
    ['06', 2016],
    ['06', 2019],
    ['06', 2021],
    ['066', 2021],
    ['01960-2020', 2022],
    ['19', 2024],
  ])('counts the models active under %s in %i as an independent count does', async (root, year) => {
    const data = await query(db, `query($root: String, $year: Int) { models(filter: { under: $root, activeIn: $year }) { totalCount } }`, {
      root,
      year,
    });
    rows ??= await loadRows(db);
    expect(data!.models.totalCount).toBe(independentCount(rows, root, year));
  });

  it('counts a merged commune’s models for its successor from the merger on', async () => {
    const langNgam = await db.unit.findUniqueOrThrow({ where: { code: '01960' } });
    const model = await db.model.findFirst({ where: { unitId: langNgam.id, startYear: { lte: 2019 }, OR: [{ endYear: null }, { endYear: { gte: 2021 } }] } });
    expect(model, 'the demo data has a model of xã Lãng Ngâm running from before the merger to after it').not.toBeNull();
    const listed = async (under: string, activeIn: number) =>
      (await query(
        db,
        `query($under: String, $activeIn: Int) { models(filter: { under: $under, activeIn: $activeIn }, first: 100) { edges { node { id } } } }`,
        {
          under,
          activeIn,
        },
      ))!.models.edges.some((edge: { node: { id: string } }) => edge.node.id === String(model!.id));
    expect(await listed('01960', 2019)).toBe(true);
    expect(await listed('01960-2020', 2021)).toBe(true);
    expect(await listed('01960', 2021)).toBe(false);
  });

  it('filters by field, kind and rating in a year', async () => {
    const data = await query(
      db,
      `{ models(filter: { under: "06", activeIn: 2019, field: "NONG_THON_MOI", kind: MODEL, rating: OUTSTANDING }, first: 100) {
           totalCount edges { node { kind field { code } evaluations { year rating } } } } }`,
    );
    expect(data!.models.totalCount).toBeGreaterThan(0);
    for (const { node } of data!.models.edges) {
      expect(node.kind).toBe('MODEL');
      expect(node.field.code).toBe('NONG_THON_MOI');
      expect(node.evaluations).toContainEqual({ year: 2019, rating: 'OUTSTANDING' });
    }
  });

  it('lists the fields valid in a year, administrative reform only from 2018', async () => {
    const codes = async (year: number) =>
      (await query(db, `query($year: Int) { fields(year: $year) { code } }`, { year }))!.fields.map((field: { code: string }) => field.code);
    expect(await codes(2017)).not.toContain('CAI_CACH_HANH_CHINH');
    expect(await codes(2018)).toContain('CAI_CACH_HANH_CHINH');
    expect(await codes(2018)).toHaveLength((await codes(2017)).length + 1);
  });

  it('walks province → districts → communes → models → evaluations in a bounded number of SQL statements', async () => {
    const walk = `query($root: String!, $asOf: Date) { unit(code: $root) { name children(asOf: $asOf) { name children(asOf: $asOf) { name
        models(first: 100) { totalCount edges { node { title field { nameVi } evaluations { year rating evaluator { name } } } } } } } } }`;
    const statements = async (root: string, asOf: string) => {
      let communes = 0;
      const count = await countStatements(db, async () => {
        const data = await query(db, walk, { root, asOf });
        communes = data!.unit.children.reduce((sum: number, child: { children: unknown[] }) => sum + child.children.length, 0);
      });
      return { count, communes };
    };
    const before = await statements('06', '2019-06-01');
    const after = await statements('06', '2021-06-01');
    const oneDistrict = await statements('066', '2019-06-01');
    expect(before.communes).toBeGreaterThan(after.communes);
    expect(after.communes).toBeGreaterThan(oneDistrict.communes);
    expect(before.count).toBe(after.count);
    expect(oneDistrict.count).toBeLessThanOrEqual(before.count);
    expect(before.count).toBeLessThanOrEqual(12);
  });
});
