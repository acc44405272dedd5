// The unit tree over time, on the real Bắc Kạn data: counts before and after the 2020 merger and the
// 2025 reform, lineage, diacritic-free search and the breadcrumb.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { providers } from '../support/databases.ts';
import { openDemoDatabase, query } from '../support/graphql.ts';

const communeLevel = '[COMMUNE, WARD, TOWNSHIP]';

describe.each(providers)('the unit tree on %s', (provider) => {
  let db: Database;
  beforeAll(() => {
    db = openDemoDatabase(provider);
  });
  afterAll(() => db.$disconnect());

  const count = async (args: string) => (await query(db, `{ units(${args}) { totalCount } }`))!.units.totalCount;

  it('counts 122 commune-level units under Bắc Kạn before the 2020 merger and 108 after', async () => {
    expect(await count(`under: "06", asOf: "2019-06-01", kind: ${communeLevel}`)).toBe(122);
    expect(await count(`under: "06", asOf: "2021-06-01", kind: ${communeLevel}`)).toBe(108);
    expect(await count(`under: "06", asOf: "2021-06-01", kind: [COMMUNE]`)).toBe(96);
    expect(await count(`under: "06", asOf: "2021-06-01", kind: [WARD]`)).toBe(6);
    expect(await count(`under: "06", asOf: "2021-06-01", kind: [TOWNSHIP]`)).toBe(6);
    // Vân Tùng became a township on 2023-04-10.
    expect(await count(`under: "06", asOf: "2024-06-01", kind: [COMMUNE]`)).toBe(95);
    expect(await count(`under: "06", asOf: "2024-06-01", kind: [TOWNSHIP]`)).toBe(7);
  });

  it('counts the merger day itself with the new units, and the day before with the old', async () => {
    expect(await count(`under: "06", asOf: "2020-01-31", kind: ${communeLevel}`)).toBe(122);
    expect(await count(`under: "06", asOf: "2020-02-01", kind: ${communeLevel}`)).toBe(108);
  });

  it('puts the 37 units of former Bắc Kạn under Thái Nguyên after the 2025 reform, with no district level', async () => {
    expect(await count(`under: "19", asOf: "2025-08-01", kind: ${communeLevel}`)).toBe(37);
    expect(await count(`under: "19", asOf: "2025-08-01", kind: [DISTRICT]`)).toBe(0);
    expect(await count(`under: "06", asOf: "2025-08-01"`)).toBe(0);
    const data = await query(db, `{ unit(code: "19") { children(asOf: "2025-08-01") { code level } } }`);
    expect(data!.unit.children).toHaveLength(37);
    expect(new Set(data!.unit.children.map((child: { level: string }) => child.level))).toEqual(new Set(['COMMUNE']));
  });

  it('lists the 8 districts of Bắc Kạn as children, by code', async () => {
    const data = await query(db, `{ unit(code: "06") { name children(asOf: "2019-06-01", kind: [DISTRICT]) { code name } } }`);
    expect(data!.unit.name).toBe('Tỉnh Bắc Kạn');
    const codes = data!.unit.children.map((child: { code: string }) => child.code);
    expect(codes).toEqual(['058', '060', '061', '062', '063', '064', '065', '066']);
  });

  it('follows a merged commune to its successor and a split one to both', async () => {
    const data = await query(
      db,
      `{ langNgam: unit(code: "01960") { validTo successors { code name } successorLinks { effectiveDate kind resolution } }
         luongHa: unit(code: "02155") { successors { code name } successorLinks { kind } }
         hiepLuc: unit(code: "01960-2020") { validFrom predecessors { code } } }`,
    );
    expect(data!.langNgam.validTo).toBe('2020-01-31');
    expect(data!.langNgam.successors).toEqual([{ code: '01960-2020', name: 'Xã Hiệp Lực' }]);
    expect(data!.langNgam.successorLinks[0]).toMatchObject({ effectiveDate: '2020-02-01', resolution: '855/NQ-UBTVQH14' });
    expect(data!.luongHa.successors.map((unit: { code: string }) => unit.code).sort()).toEqual(['02152', '02155-2020']);
    expect(data!.luongHa.successorLinks.map((link: { kind: string }) => link.kind)).toEqual(['SPLIT', 'SPLIT']);
    expect(data!.hiepLuc.validFrom).toBe('2020-02-01');
    expect(data!.hiepLuc.predecessors.map((unit: { code: string }) => unit.code)).toContain('01960');
  });

  it('reads a parent and a breadcrumb as they stood on the day asked', async () => {
    const data = await query(
      db,
      `{ cuongLoi: unit(code: "02152") {
           before: parent(asOf: "2019-06-01") { code name }
           gone: parent(asOf: "2025-08-01") { code }
           ancestors(asOf: "2019-06-01") { code } }
         newCuongLoi: unit(code: "02152-2025") { ancestors(asOf: "2025-08-01") { code name } predecessors { code } } }`,
    );
    expect(data!.cuongLoi.before).toEqual({ code: '066', name: 'Huyện Na Rì' });
    expect(data!.cuongLoi.gone).toBeNull();
    expect(data!.cuongLoi.ancestors).toEqual([{ code: '06' }, { code: '066' }]);
    expect(data!.newCuongLoi.ancestors).toEqual([{ code: '19', name: 'Tỉnh Thái Nguyên' }]);
    expect(data!.newCuongLoi.predecessors.map((unit: { code: string }) => unit.code)).toContain('02152');
  });

  it('finds names without diacritics and in any case', async () => {
    const names = async (search: string) =>
      (await query(db, `query($search: String) { units(search: $search, asOf: "2021-06-01") { edges { node { name } } } }`, { search }))!.units.edges.map(
        (edge: { node: { name: string } }) => edge.node.name,
      );
    expect(await names('cuong loi')).toEqual(['Xã Cường Lợi']);
    expect(await names('CƯỜNG LỢI')).toEqual(['Xã Cường Lợi']);
    expect(await names('xa cuong')).toEqual(['Xã Cường Lợi']);
    expect(await names('dong tam')).toContain('Thị trấn Đồng Tâm');
    expect(await names('no such place')).toEqual([]);
  });

  it('pages through units with cursors and a total count', async () => {
    const page = async (after?: string) =>
      (await query(
        db,
        `query($after: String) { units(under: "06", asOf: "2019-06-01", kind: ${communeLevel}, first: 50, after: $after) {
           totalCount pageInfo { hasNextPage endCursor } edges { node { code } } } }`,
        { after },
      ))!.units;
    const seen: string[] = [];
    let current = await page();
    seen.push(...current.edges.map((edge: { node: { code: string } }) => edge.node.code));
    while (current.pageInfo.hasNextPage) {
      current = await page(current.pageInfo.endCursor);
      seen.push(...current.edges.map((edge: { node: { code: string } }) => edge.node.code));
    }
    expect(current.totalCount).toBe(122);
    expect(seen).toHaveLength(122);
    expect(new Set(seen).size).toBe(122);
    expect([...seen].sort()).toEqual(seen);
  });

  it('answers null for an unknown code', async () => {
    expect((await query(db, `{ unit(code: "99999") { name } }`))!.unit).toBeNull();
  });
});
