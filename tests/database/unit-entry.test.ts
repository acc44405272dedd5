// Managing units through mutations: creating, renaming and moving units, merging and splitting them. Each
// change is checked against the tree on the day it takes effect, audited, and seen by the next query: the
// tree before the day stays as it was, and coverage counts a merged commune's models for its successor.
//
// The tests share one small database per provider and run in order, like the history they record:
//   P ─ D1 ─ C1, C2 "Xã Hiệp Lực", C3 "Xã Lãng Ngâm"      (C3 has a new-rural model, effective 2019 and 2021)
//     └ D2 ─ C4
//     └ D0, a district that ended on 2015-12-31
// and, last, the country VN above P.
import { graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { schema } from '../../src/schema/index.ts';
import { foldForSearch } from '../../src/lib/text.ts';
import { freshDatabase, providers, type TestDatabase } from '../support/databases.ts';
import { createCommuneNtmIndicator } from '../support/fixtures.ts';
import type { Result } from '../support/graphql.ts';
import { contextAs, nationalAdmin } from '../support/viewers.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe.each(providers)('unit management on %s', (provider) => {
  let database: TestDatabase;
  let db: Database;

  // As a whole-country administrator named like an officer, or as an analyst (who may not write).
  const run = (source: string, variables: Record<string, unknown> = {}, role: 'ADMIN' | 'ANALYST' = 'ADMIN'): Promise<Result> =>
    graphql({ schema, source, variableValues: variables, contextValue: contextAs(db, { ...nationalAdmin, role, username: 'cán bộ Nguyễn Văn A' }) });
  const problemsOf = (result: Result) =>
    ((result.errors?.[0]?.extensions?.problems ?? []) as { path: (string | number)[]; message: string }[]).map(({ path, message }) => ({ path, message }));

  /** Runs a write and answers its result with the audit entries it left, as [action, entity, key]. */
  async function written(source: string, variables: Record<string, unknown> = {}) {
    const last = (await db.auditEntry.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0;
    const result = await run(source, variables);
    const rows = await db.auditEntry.findMany({ where: { id: { gt: last } }, orderBy: { id: 'asc' } });
    return { result, rows, entries: rows.map((row) => [row.action, row.entity, row.entityKey]) };
  }
  /** Runs a write that must be refused; answers its problems, having checked that it left no trace. */
  async function refused(source: string, variables: Record<string, unknown> = {}) {
    const { result, entries } = await written(source, variables);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(entries).toEqual([]);
    return problemsOf(result);
  }

  /** Codes of the units under `under` on a day, optionally only communes. */
  const unitsUnder = async (under: string, asOf: string, communesOnly = false) => {
    const result = await run(
      `query($under: String!, $asOf: Date!, $kind: [UnitKind!]) { units(under: $under, asOf: $asOf, kind: $kind, first: 100) { edges { node { code } } } }`,
      {
        under,
        asOf,
        kind: communesOnly ? ['COMMUNE'] : null,
      },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.units.edges.map((edge: { node: { code: string } }) => edge.node.code);
  };
  const parentOn = async (code: string, asOf: string) =>
    (await run(`query($code: String!, $asOf: Date!) { unit(code: $code) { parent(asOf: $asOf) { code } } }`, { code, asOf })).data!.unit.parent?.code ?? null;

  const createUnit = `mutation($input: UnitInput!) { createUnit(input: $input) { code officialCode name kind level validFrom parent(asOf: "2030-01-01") { code } } }`;
  const mergeUnits = `mutation($input: MergeUnitsInput!) { mergeUnits(input: $input) { code predecessorLinks { predecessor { code validTo } kind effectiveDate resolution } } }`;
  const splitUnit = `mutation($input: SplitUnitInput!) { splitUnit(input: $input) { code validTo successorLinks { successor { code } kind effectiveDate } } }`;
  const moveUnit = `mutation($code: String!, $parent: String!, $from: Date!) { moveUnit(code: $code, parent: $parent, from: $from) { code } }`;
  const commune = (overrides: Record<string, unknown>) => ({ kind: 'COMMUNE', level: 'COMMUNE', parent: 'D1', ...overrides });
  const levelMismatch = {
    path: ['input', 'level'],
    message: 'does not match the kind: the country is at CENTRAL level, a province at PROVINCE, a district at DISTRICT, a commune, ward or township at COMMUNE',
  };

  beforeAll(async () => {
    database = await freshDatabase(provider);
    db = createDatabase(database.url);
    const unit = (code: string, name: string, kind: 'PROVINCE' | 'DISTRICT' | 'COMMUNE', validTo?: string) =>
      db.unit.create({ data: { code, officialCode: code, name, searchName: foldForSearch(name), kind, level: kind, validTo: validTo ? day(validTo) : null } });
    const province = await unit('P', 'Tỉnh P', 'PROVINCE');
    const [d0, d1, d2] = [
      await unit('D0', 'Huyện D0', 'DISTRICT', '2015-12-31'),
      await unit('D1', 'Huyện D1', 'DISTRICT'),
      await unit('D2', 'Huyện D2', 'DISTRICT'),
    ];
    const [c1, c2, c3, c4] = [
      await unit('C1', 'Xã C1', 'COMMUNE'),
      await unit('C2', 'Xã Hiệp Lực', 'COMMUNE'),
      await unit('C3', 'Xã Lãng Ngâm', 'COMMUNE'),
      await unit('C4', 'Xã C4', 'COMMUNE'),
    ];
    await db.unitParent.createMany({
      data: [
        { unitId: d0.id, parentId: province.id, validTo: day('2015-12-31') },
        { unitId: d1.id, parentId: province.id },
        { unitId: d2.id, parentId: province.id },
        { unitId: c1.id, parentId: d1.id },
        { unitId: c2.id, parentId: d1.id },
        { unitId: c3.id, parentId: d1.id },
        { unitId: c4.id, parentId: d2.id },
      ],
    });
    const field = await db.field.create({ data: { code: 'NONG_THON_MOI', nameVi: 'Xây dựng nông thôn mới', nameEn: 'New rural construction' } });
    await db.model.create({
      data: {
        registrationKey: 'C3-2016',
        kind: 'MODEL',
        holder: 'COLLECTIVE',
        title: 'Hiến đất làm đường',
        unitId: c3.id,
        fieldId: field.id,
        startYear: 2016,
        origin: 'SAMPLE',
        evaluations: {
          create: [
            { year: 2019, rating: 'EFFECTIVE' },
            { year: 2021, rating: 'EFFECTIVE' },
          ],
        },
      },
    });
    await createCommuneNtmIndicator(db);
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it('refuses every unit change to an analyst (a read-only role), and stores nothing', async () => {
    const writes: [string, Record<string, unknown>][] = [
      [createUnit, { input: commune({ code: 'C9', name: 'Xã C9' }) }],
      [`mutation { renameUnit(code: "C1", name: "Xã Mới") { code } }`, {}],
      [moveUnit, { code: 'C4', parent: 'D1', from: '2021-01-01' }],
      [mergeUnits, { input: { from: ['C3'], into: 'C2', effective: '2020-02-01' } }],
      [splitUnit, { input: { unit: 'C3', into: ['C1', 'C2'], effective: '2020-02-01' } }],
    ];
    for (const [source, variables] of writes) {
      expect((await run(source, variables, 'ANALYST')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await db.unit.count()).toBe(8);
    expect(await db.unitLineage.count()).toBe(0);
    expect(await db.auditEntry.count()).toBe(0);
  });

  it('refuses a new unit with every problem at its path: the shape first, then the records', async () => {
    expect(await refused(createUnit, { input: commune({ code: 'bad code!', name: '  ', level: 'DISTRICT' }) })).toEqual([
      { path: ['input', 'code'], message: 'letters, digits and . - _ only' },
      { path: ['input', 'name'], message: 'must not be empty' },
      levelMismatch,
    ]);
    expect(await refused(createUnit, { input: commune({ code: 'C1', name: 'Xã Khác', parent: 'NOWHERE' }) })).toEqual([
      { path: ['input', 'code'], message: 'C1 is already the code of Xã C1' },
      { path: ['input', 'parent'], message: 'no unit has the code "NOWHERE"' },
    ]);
    expect(await refused(createUnit, { input: commune({ code: 'C9', name: 'Xã C9', parent: 'D0', validFrom: '2020-02-01' }) })).toEqual([
      { path: ['input', 'parent'], message: 'Huyện D0 (D0) does not exist on 2020-02-01: it exists from … to 2015-12-31' },
    ]);
    expect(await db.unit.count()).toBe(8);
  });

  it('creates a unit under its parent from its first day, searchable without diacritics, and audits both', async () => {
    const { result, entries, rows } = await written(createUnit, {
      input: commune({ code: 'C2-2020', name: 'Xã Hiệp Lực', validFrom: '2020-02-01', note: 'Nghị quyết 855/NQ-UBTVQH14' }),
    });
    expect(result.errors).toBeUndefined();
    // The official code is the code without the suffix of a later holder.
    expect(result.data!.createUnit).toEqual({
      code: 'C2-2020',
      officialCode: 'C2',
      name: 'Xã Hiệp Lực',
      kind: 'COMMUNE',
      level: 'COMMUNE',
      validFrom: '2020-02-01',
      parent: { code: 'D1' },
    });
    expect(entries).toEqual([
      ['CREATE', 'Unit', 'C2-2020'],
      ['CREATE', 'UnitParent', 'C2-2020/parent@2020-02-01'],
    ]);
    expect(JSON.parse(rows[0]!.after!)).toMatchObject({ code: 'C2-2020', searchName: 'xa hiep luc', validTo: null });
    expect(await unitsUnder('D1', '2020-01-31')).toEqual(['C1', 'C2', 'C3', 'D1']);
    expect(await unitsUnder('D1', '2020-02-01')).toEqual(['C1', 'C2', 'C2-2020', 'C3', 'D1']);
    expect(await parentOn('C2-2020', '2020-01-31')).toBeNull();
    const found = await run(`{ units(search: "hiep luc", asOf: "2020-06-01") { edges { node { code } } } }`);
    expect(found.data!.units.edges.map((edge: { node: { code: string } }) => edge.node.code)).toEqual(['C2', 'C2-2020']);
  });

  it('renames a unit, audits the names before and after, and leaves no entry for the same name again', async () => {
    const rename = (name: string) => written(`mutation($name: String!) { renameUnit(code: "C1", name: $name) { code name } }`, { name });
    const { result, rows } = await rename('Xã Cường Lợi');
    expect(result.data!.renameUnit).toEqual({ code: 'C1', name: 'Xã Cường Lợi' });
    expect(rows.map((row) => [row.action, row.entity, row.entityKey])).toEqual([['UPDATE', 'Unit', 'C1']]);
    expect(JSON.parse(rows[0]!.before!)).toMatchObject({ name: 'Xã C1' });
    expect(JSON.parse(rows[0]!.after!)).toMatchObject({ name: 'Xã Cường Lợi', searchName: 'xa cuong loi' });
    expect((await rename('Xã Cường Lợi')).entries).toEqual([]);
    const found = await run(`{ units(search: "CUONG LOI") { edges { node { code } } } }`);
    expect(found.data!.units.edges).toEqual([{ node: { code: 'C1' } }]);

    expect(await refused(`mutation { renameUnit(code: "NOWHERE", name: " ") { code } }`)).toEqual([
      { path: ['code'], message: 'no unit has the code "NOWHERE"' },
      { path: ['name'], message: 'must not be empty' },
    ]);
  });

  it('refuses a merger with every problem at its path', async () => {
    const merge = (input: Record<string, unknown>) => refused(mergeUnits, { input: { into: 'C2-2020', effective: '2020-02-01', ...input } });
    expect(await merge({ from: [] })).toEqual([{ path: ['input', 'from'], message: 'at least one unit' }]);
    expect(await merge({ from: ['C3', 'C2-2020', 'C3'] })).toEqual([
      { path: ['input', 'from', 1], message: 'C2-2020 is the unit they merge into' },
      { path: ['input', 'from', 2], message: 'C3 is listed twice' },
    ]);
    expect(await merge({ from: ['D0', 'NOWHERE'] })).toEqual([
      { path: ['input', 'from', 0], message: 'Huyện D0 (D0) already ended on 2015-12-31' },
      { path: ['input', 'from', 1], message: 'no unit has the code "NOWHERE"' },
    ]);
    // The successor exists only from 2020-02-01; a district keeps its communes until they move.
    expect(await merge({ from: ['C3'], effective: '2020-01-15' })).toEqual([
      { path: ['input', 'into'], message: 'Xã Hiệp Lực (C2-2020) does not exist on 2020-01-15: it exists from 2020-02-01 to …' },
    ]);
    expect(await merge({ from: ['D2'], into: 'D1' })).toEqual([
      { path: ['input', 'from', 0], message: 'Huyện D2 (D2) still has units under it on 2020-02-01 (C4); move them first with moveUnit' },
    ]);
    expect(await db.unitLineage.count()).toBe(0);
  });

  it('merges communes: they end the day before, the tree changes on the day, and coverage counts their models for the successor', async () => {
    const coverage = async (year: number) =>
      (
        await run(
          `query($year: Int!) { coverage(indicator: "COMMUNE_NTM", unit: "D1", period: { year: $year }) { numerator denominator missing { edges { node { unit { code } } } } } }`,
          { year },
        )
      ).data!.coverage;
    const summary = (answer: { numerator: number; denominator: number; missing: { edges: { node: { unit: { code: string } } }[] } }) => ({
      numerator: answer.numerator,
      denominator: answer.denominator,
      missing: answer.missing.edges.map((edge) => edge.node.unit.code),
    });
    // Before the merger is recorded, 2021 still counts C2 and C3 beside their successor.
    expect(summary(await coverage(2021))).toEqual({ numerator: 1, denominator: 4, missing: ['C1', 'C2', 'C2-2020'] });

    const { result, entries } = await written(mergeUnits, {
      input: { from: ['C2', 'C3'], into: 'C2-2020', effective: '2020-02-01', resolution: '855/NQ-UBTVQH14' },
    });
    expect(result.errors).toBeUndefined();
    // C2 has the successor's name: the same place under a new code continues; C3 merges into it.
    expect(result.data!.mergeUnits).toEqual({
      code: 'C2-2020',
      predecessorLinks: [
        { predecessor: { code: 'C2', validTo: '2020-01-31' }, kind: 'CONTINUATION', effectiveDate: '2020-02-01', resolution: '855/NQ-UBTVQH14' },
        { predecessor: { code: 'C3', validTo: '2020-01-31' }, kind: 'MERGER', effectiveDate: '2020-02-01', resolution: '855/NQ-UBTVQH14' },
      ],
    });
    expect(entries).toEqual([
      ['UPDATE', 'Unit', 'C2'],
      ['UPDATE', 'UnitParent', 'C2/parent@start'],
      ['CREATE', 'UnitLineage', 'C2>C2-2020'],
      ['UPDATE', 'Unit', 'C3'],
      ['UPDATE', 'UnitParent', 'C3/parent@start'],
      ['CREATE', 'UnitLineage', 'C3>C2-2020'],
    ]);

    expect(await unitsUnder('D1', '2020-01-31', true)).toEqual(['C1', 'C2', 'C3']);
    expect(await unitsUnder('D1', '2020-02-01', true)).toEqual(['C1', 'C2-2020']);
    expect(await parentOn('C3', '2020-01-31')).toBe('D1');
    expect(await parentOn('C3', '2020-02-01')).toBeNull();
    // 2021 counts the successor, answering for C3's model; 2019 is counted on the tree as it stood then.
    expect(summary(await coverage(2021))).toEqual({ numerator: 1, denominator: 2, missing: ['C1'] });
    expect(summary(await coverage(2019))).toEqual({ numerator: 1, denominator: 3, missing: ['C1', 'C2'] });

    const again = await refused(mergeUnits, { input: { from: ['C3'], into: 'C1', effective: '2021-01-01' } });
    expect(again).toEqual([{ path: ['input', 'from', 0], message: 'Xã Lãng Ngâm (C3) already ended on 2020-01-31' }]);
  });

  it('splits a unit between its successors, which must exist on the day', async () => {
    for (const code of ['C5', 'C6']) {
      expect((await run(createUnit, { input: commune({ code, name: `Xã ${code}`, validFrom: '2022-01-01' }) })).errors).toBeUndefined();
    }
    const split = (input: Record<string, unknown>) => refused(splitUnit, { input: { unit: 'C1', effective: '2022-01-01', ...input } });
    expect(await split({ into: ['C5'] })).toEqual([{ path: ['input', 'into'], message: 'at least two successors' }]);
    expect(await split({ into: ['C5', 'C1', 'C5'] })).toEqual([
      { path: ['input', 'into', 1], message: 'C1 is the unit that is split' },
      { path: ['input', 'into', 2], message: 'C5 is listed twice' },
    ]);
    expect(await split({ into: ['C5', 'C3'] })).toEqual([
      { path: ['input', 'into', 1], message: 'Xã Lãng Ngâm (C3) does not exist on 2022-01-01: it exists from … to 2020-01-31' },
    ]);

    const { result, entries } = await written(splitUnit, { input: { unit: 'C1', into: ['C5', 'C6'], effective: '2022-01-01' } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.splitUnit).toEqual({
      code: 'C1',
      validTo: '2021-12-31',
      successorLinks: [
        { successor: { code: 'C5' }, kind: 'SPLIT', effectiveDate: '2022-01-01' },
        { successor: { code: 'C6' }, kind: 'SPLIT', effectiveDate: '2022-01-01' },
      ],
    });
    expect(entries).toEqual([
      ['UPDATE', 'Unit', 'C1'],
      ['UPDATE', 'UnitParent', 'C1/parent@start'],
      ['CREATE', 'UnitLineage', 'C1>C5'],
      ['CREATE', 'UnitLineage', 'C1>C6'],
    ]);
    expect(await unitsUnder('D1', '2021-12-31', true)).toEqual(['C1', 'C2-2020']);
    expect(await unitsUnder('D1', '2022-01-01', true)).toEqual(['C2-2020', 'C5', 'C6']);
    expect(await parentOn('C1', '2021-12-31')).toBe('D1');
    expect(await parentOn('C1', '2022-01-01')).toBeNull();
  });

  it('moves a unit to another parent from a day on, closing its old link the day before', async () => {
    const { result, entries, rows } = await written(moveUnit, { code: 'C4', parent: 'D1', from: '2023-01-01' });
    expect(result.data!.moveUnit).toEqual({ code: 'C4' });
    expect(entries).toEqual([
      ['UPDATE', 'UnitParent', 'C4/parent@start'],
      ['CREATE', 'UnitParent', 'C4/parent@2023-01-01'],
    ]);
    expect(JSON.parse(rows[0]!.after!)).toMatchObject({ validFrom: null, validTo: '2022-12-31T00:00:00.000Z' });
    expect(await parentOn('C4', '2022-12-31')).toBe('D2');
    expect(await parentOn('C4', '2023-01-01')).toBe('D1');
    expect(await unitsUnder('D2', '2022-12-31')).toEqual(['C4', 'D2']);
    expect(await unitsUnder('D2', '2023-01-01')).toEqual(['D2']);
    expect(await unitsUnder('D1', '2023-01-01', true)).toEqual(['C2-2020', 'C4', 'C5', 'C6']);
  });

  it('refuses a move that would leave the tree inconsistent', async () => {
    const move = (code: string, parent: string, from = '2024-01-01') => refused(moveUnit, { code, parent, from });
    expect(await move('C4', 'D1')).toEqual([{ path: ['parent'], message: 'C4 already sits under Huyện D1 (D1) on 2024-01-01' }]);
    expect(await move('C4', 'C4')).toEqual([{ path: ['parent'], message: 'a unit cannot sit under itself' }]);
    expect(await move('D1', 'C4')).toEqual([{ path: ['parent'], message: 'Xã C4 (C4) is below D1 on 2024-01-01: the move would make a cycle' }]);
    expect(await move('P', 'C4')).toEqual([{ path: ['parent'], message: 'Xã C4 (C4) is below P on 2024-01-01: the move would make a cycle' }]);
    expect(await move('C3', 'D0')).toEqual([
      { path: ['code'], message: 'Xã Lãng Ngâm (C3) does not exist on 2024-01-01: it exists from … to 2020-01-31' },
      { path: ['parent'], message: 'Huyện D0 (D0) does not exist on 2024-01-01: it exists from … to 2015-12-31' },
    ]);
    expect(await move('NOWHERE', 'D1')).toEqual([{ path: ['code'], message: 'no unit has the code "NOWHERE"' }]);
    expect(await db.unitParent.count({ where: { unit: { code: 'C4' } } })).toBe(2);
  });

  it('moves a unit from its very first day by giving its only link the new parent', async () => {
    const { entries } = await written(moveUnit, { code: 'C6', parent: 'D2', from: '2022-01-01' });
    expect(entries).toEqual([['UPDATE', 'UnitParent', 'C6/parent@2022-01-01']]);
    expect(await db.unitParent.count({ where: { unit: { code: 'C6' } } })).toBe(1);
    expect(await parentOn('C6', '2022-01-01')).toBe('D2');
  });

  it('lists the unit changes in the audit trail of the units ever in a subtree, newest first', async () => {
    const log = async (unit: string) =>
      (
        await run(`query($unit: String!) { auditLog(filter: { unit: $unit }, first: 100) { edges { node { action entity entityKey actor } } } }`, { unit })
      ).data!.auditLog.edges.map((edge: { node: { action: string; entity: string; entityKey: string; actor: string } }) => edge.node);
    expect(await log('P')).toHaveLength(await db.auditEntry.count());
    // C4 was under D2 until 2022; C6 was put under D2 from its first day.
    expect(await log('D2')).toEqual([
      { action: 'UPDATE', entity: 'UnitParent', entityKey: 'C6/parent@2022-01-01', actor: 'cán bộ Nguyễn Văn A' },
      { action: 'CREATE', entity: 'UnitParent', entityKey: 'C4/parent@2023-01-01', actor: 'cán bộ Nguyễn Văn A' },
      { action: 'UPDATE', entity: 'UnitParent', entityKey: 'C4/parent@start', actor: 'cán bộ Nguyễn Văn A' },
      { action: 'CREATE', entity: 'UnitParent', entityKey: 'C6/parent@2022-01-01', actor: 'cán bộ Nguyễn Văn A' },
      { action: 'CREATE', entity: 'Unit', entityKey: 'C6', actor: 'cán bộ Nguyễn Văn A' },
    ]);
  });

  it('keeps the country at the top of the tree, with only provinces and central organisations directly under it', async () => {
    const country = (overrides: Record<string, unknown> = {}) => ({ code: 'VN', name: 'Việt Nam', kind: 'COUNTRY', level: 'CENTRAL', ...overrides });
    const created = await written(createUnit, { input: country() });
    expect(created.result.data!.createUnit).toEqual({
      code: 'VN',
      officialCode: 'VN',
      name: 'Việt Nam',
      kind: 'COUNTRY',
      level: 'CENTRAL',
      validFrom: null,
      parent: null,
    });

    const topOfTree = 'the country is the top of the tree and has no parent';
    expect(await refused(createUnit, { input: country({ code: 'VN2', parent: 'P' }) })).toEqual([{ path: ['input', 'parent'], message: topOfTree }]);
    expect(await refused(createUnit, { input: country({ code: 'VN2', level: 'PROVINCE' }) })).toEqual([levelMismatch]);
    expect(await refused(moveUnit, { code: 'VN', parent: 'P', from: '2025-01-01' })).toEqual([{ path: ['parent'], message: topOfTree }]);
    const theCountry = 'Việt Nam (VN) is the country: it is neither merged nor split, and takes over no other unit';
    expect(await refused(mergeUnits, { input: { from: ['VN'], into: 'P', effective: '2025-01-01' } })).toEqual([
      { path: ['input', 'from', 0], message: theCountry },
    ]);
    expect(await refused(mergeUnits, { input: { from: ['C6'], into: 'VN', effective: '2025-01-01' } })).toEqual([
      { path: ['input', 'into'], message: theCountry },
    ]);
    expect(await refused(splitUnit, { input: { unit: 'C6', into: ['VN', 'P'], effective: '2025-01-01' } })).toEqual([
      { path: ['input', 'into', 0], message: theCountry },
    ]);

    const onlyProvinces = 'only provinces and organisations at CENTRAL level sit directly under Việt Nam (VN)';
    expect(await refused(createUnit, { input: { code: 'D9', name: 'Huyện D9', kind: 'DISTRICT', level: 'DISTRICT', parent: 'VN' } })).toEqual([
      { path: ['input', 'parent'], message: onlyProvinces },
    ]);
    expect(await refused(createUnit, { input: { code: 'P.CQ01', name: 'Sở Nội vụ', kind: 'AGENCY', level: 'PROVINCE', parent: 'VN' } })).toEqual([
      { path: ['input', 'parent'], message: onlyProvinces },
    ]);
    expect(await refused(moveUnit, { code: 'D2', parent: 'VN', from: '2025-01-01' })).toEqual([{ path: ['parent'], message: onlyProvinces }]);
    expect(await refused(createUnit, { input: { code: 'P9', name: 'Tỉnh P9', kind: 'PROVINCE', level: 'PROVINCE', parent: 'D1' } })).toEqual([
      { path: ['input', 'parent'], message: 'a province sits only under the country; Huyện D1 (D1) is not the country' },
    ]);

    // The province moves under the country, and a central organisation is created there: the country's
    // subtree is then the province's and its own organisation.
    const front = { code: 'VN.MT01', name: 'Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam', kind: 'FRONT', level: 'CENTRAL', parent: 'VN' };
    expect((await written(createUnit, { input: front })).result.errors).toBeUndefined();
    expect((await written(moveUnit, { code: 'P', parent: 'VN', from: '2025-01-01' })).result.errors).toBeUndefined();
    expect(await parentOn('P', '2024-12-31')).toBeNull();
    expect(await parentOn('P', '2025-01-01')).toBe('VN');
    expect(new Set(await unitsUnder('VN', '2025-01-01'))).toEqual(new Set(['VN', 'VN.MT01', ...(await unitsUnder('P', '2025-01-01'))]));
  });
});
