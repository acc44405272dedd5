// Who may do what (docs/access.md): every role against its own unit, its parent, a sibling and a child,
// for every mutation and the main queries, on both databases; the area judged in the record's year; the
// scoped lists (breakdowns, missing, audit log, export); and deny by default for every root field.
import { graphql, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_READERS, RECORD_WRITERS, TREE_KEEPERS, type Role } from '../../src/access/roles.ts';
import type { SignedIn } from '../../src/access/viewer.ts';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { fieldsWithoutRule, schema } from '../../src/schema/index.ts';
import { freshDatabase, providers, type TestDatabase } from '../support/databases.ts';
import { createCommuneNtmIndicator, treeChanged } from '../support/fixtures.ts';
import type { Result } from '../support/graphql.ts';
import { contextAs } from '../support/viewers.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

// P1 > D1 > C1 > O1 (an agency), D1 > C2, P1 > D2 > C3; P2 is another province.
const PARENTS: Record<string, string | null> = { P1: null, P2: null, D1: 'P1', D2: 'P1', C1: 'D1', C2: 'D1', C3: 'D2', O1: 'C1' };
const LEVEL = { P: 'PROVINCE', D: 'DISTRICT', C: 'COMMUNE', O: 'COMMUNE' } as const;
const levelOf = (code: string) => LEVEL[code[0] as keyof typeof LEVEL];

/** The fixture's tree and the scratch units the tree operations add under their targets. */
const parentOf = new Map(Object.entries(PARENTS));

function isWithin(code: string, root: string | null): boolean {
  for (let current = parentOf.has(code) ? code : null; current; current = parentOf.get(current) ?? null) if (current === root) return true;
  return root === null;
}

type Relation = 'own' | 'parent' | 'sibling' | 'child';
const PRINCIPALS: { role: Role; unit: string | null; targets: Partial<Record<Relation, string>> }[] = [
  { role: 'ADMIN', unit: null, targets: { own: 'P1', sibling: 'P2', child: 'D1' } },
  { role: 'PROVINCE_OFFICER', unit: 'P1', targets: { own: 'P1', sibling: 'P2', child: 'D1' } },
  { role: 'DISTRICT_OFFICER', unit: 'D1', targets: { own: 'D1', parent: 'P1', sibling: 'D2', child: 'C1' } },
  { role: 'COMMUNE_OFFICER', unit: 'C1', targets: { own: 'C1', parent: 'D1', sibling: 'C2', child: 'O1' } },
  { role: 'ANALYST', unit: 'P1', targets: { own: 'P1', sibling: 'P2', child: 'D1' } },
  { role: 'VIEWER', unit: 'P1', targets: { own: 'P1', sibling: 'P2', child: 'D1' } },
];

type Kind = 'read' | 'audit' | 'write' | 'tree';
const ALLOWED_ROLES: Record<Kind, readonly Role[] | null> = { read: null, audit: AUDIT_READERS, write: RECORD_WRITERS, tree: TREE_KEEPERS };

/** One operation on a target unit; `case` makes keys unique per run. */
interface Operation {
  name: string;
  kind: Kind;
  /** Only for some targets (new-rural status is for communes). */
  only?: (target: string) => boolean;
  source: string;
  variables: (target: string, key: string) => Record<string, unknown>;
}

const model = (target: string, key: string, title = 'Mô hình dân vận khéo') => ({
  registrationKey: key,
  kind: 'MODEL',
  holder: 'COLLECTIVE',
  title,
  unit: target,
  field: 'NONG_THON_MOI',
  startYear: 2019,
});

const OPERATIONS: Operation[] = [
  { name: 'dashboard', kind: 'read', source: `query($t: String!) { dashboard(unit: $t, year: 2020) { unit { code } } }`, variables: (t) => ({ t }) },
  {
    name: 'coverage',
    kind: 'read',
    source: `query($t: String!) { coverage(indicator: "COMMUNE_NTM", unit: $t, period: { year: 2020 }) { ratio missing { totalCount } } }`,
    variables: (t) => ({ t }),
  },
  { name: 'models', kind: 'read', source: `query($t: String!) { models(filter: { under: $t }) { totalCount } }`, variables: (t) => ({ t }) },
  { name: 'Unit.models', kind: 'read', source: `query($t: String!) { unit(code: $t) { models { totalCount } } }`, variables: (t) => ({ t }) },
  { name: 'Unit.plans', kind: 'read', source: `query($t: String!) { unit(code: $t) { plans { year } } }`, variables: (t) => ({ t }) },
  { name: 'auditLog', kind: 'audit', source: `query($t: String!) { auditLog(filter: { unit: $t }) { totalCount } }`, variables: (t) => ({ t }) },
  { name: 'recordPlan', kind: 'write', source: `mutation($t: String!) { recordPlan(input: { unit: $t, year: 2020 }) { year } }`, variables: (t) => ({ t }) },
  {
    name: 'recordSatisfactionSurvey',
    kind: 'write',
    source: `mutation($t: String!) { recordSatisfactionSurvey(input: { unit: $t, year: 2020, respondents: 100, satisfied: 80 }) { year } }`,
    variables: (t) => ({ t }),
  },
  {
    name: 'recordNewRuralStatus',
    kind: 'write',
    only: (t) => t.startsWith('C'),
    source: `mutation($t: String!) { recordNewRuralStatus(input: { unit: $t, year: 2020, criteriaMet: 12 }) { year } }`,
    variables: (t) => ({ t }),
  },
  {
    name: 'registerModel',
    kind: 'write',
    source: `mutation($input: ModelInput!) { registerModel(input: $input) { registrationKey } }`,
    variables: (t, key) => ({ input: model(t, `NEW-${key}`) }),
  },
  {
    name: 'updateModel',
    kind: 'write',
    source: `mutation($key: String!, $input: ModelInput!) { updateModel(registrationKey: $key, input: $input) { title } }`,
    variables: (t, key) => ({ key: `M-${t}`, input: model(t, `M-${t}`, `Mô hình ${key}`) }),
  },
  {
    name: 'endModel',
    kind: 'write',
    source: `mutation($key: String!) { endModel(registrationKey: $key, endYear: 2024) { endYear } }`,
    variables: (t) => ({ key: `M-${t}` }),
  },
  {
    name: 'recordEvaluation',
    kind: 'write',
    source: `mutation($key: String!) { recordEvaluation(input: { model: $key, year: 2020, rating: EFFECTIVE }) { year } }`,
    variables: (t) => ({ key: `M-${t}` }),
  },
  {
    name: 'recordAward',
    kind: 'write',
    source: `mutation($key: String!) { recordAward(input: { model: $key, year: 2020, level: PROVINCE, title: "Bằng khen" }) { year } }`,
    variables: (t) => ({ key: `M-${t}` }),
  },
  {
    name: 'importSpreadsheet',
    kind: 'write',
    source: `mutation($file: File!) { importSpreadsheet(file: $file, kind: PLANS) { written problems { messageEn } } }`,
    variables: (t) => ({ file: new File([`Mã đơn vị,Năm\n${t},2021\n`], 'ke-hoach.csv', { type: 'text/csv' }) }),
  },
  {
    name: 'createUnit',
    kind: 'tree',
    source: `mutation($input: UnitInput!) { createUnit(input: $input) { code } }`,
    variables: (t, key) => ({ input: { code: `N-${key}`, name: `Cơ quan ${key}`, kind: 'AGENCY', level: levelOf(t), parent: t } }),
  },
  {
    name: 'renameUnit',
    kind: 'tree',
    source: `mutation($t: String!, $name: String!) { renameUnit(code: $t, name: $name) { name } }`,
    variables: (t) => ({ t, name: `Đơn vị ${t}` }),
  },
  {
    name: 'moveUnit',
    kind: 'tree',
    source: `mutation($a: String!, $b: String!) { moveUnit(code: $a, parent: $b, from: "2021-01-01") { code } }`,
    variables: (_t, key) => ({ a: `A-${key}`, b: `B-${key}` }),
  },
  {
    name: 'mergeUnits',
    kind: 'tree',
    source: `mutation($a: String!, $b: String!) { mergeUnits(input: { from: [$a], into: $b, effective: "2021-01-01" }) { code } }`,
    variables: (_t, key) => ({ a: `A-${key}`, b: `B-${key}` }),
  },
  {
    name: 'splitUnit',
    kind: 'tree',
    source: `mutation($a: String!, $b: String!, $c: String!) { splitUnit(input: { unit: $a, into: [$b, $c], effective: "2021-01-01" }) { code } }`,
    variables: (_t, key) => ({ a: `A-${key}`, b: `B-${key}`, c: `C-${key}` }),
  },
];

/** The units the tree operations work on, made fresh under the target for each case. */
const needsScratchUnits = new Set(['moveUnit', 'mergeUnits', 'splitUnit']);

describe.each(providers)('access on %s', (provider) => {
  let database: TestDatabase;
  let db: Database;
  const ids = new Map<string, number>();

  const viewer = (role: Role, unit: string | null, username = `${role.toLowerCase()}.${unit ?? 'all'}`): SignedIn => ({
    kind: 'user',
    id: 0,
    username,
    displayName: username,
    role,
    unit: unit === null ? null : { id: ids.get(unit)!, code: unit, name: `Đơn vị ${unit}` },
  });
  const run = (as: SignedIn, source: string, variableValues: Record<string, unknown> = {}): Promise<Result> =>
    Promise.resolve(graphql({ schema, source, variableValues, contextValue: contextAs(db, as) }));

  async function addUnit(
    code: string,
    parent: string | null,
    level = levelOf(code),
    kind: string = code.startsWith('O') || code.includes('-') ? 'AGENCY' : level,
  ) {
    const unit = await db.unit.create({
      data: { code, officialCode: code, name: `Đơn vị ${code}`, searchName: code.toLowerCase(), kind: kind as 'AGENCY', level },
    });
    ids.set(code, unit.id);
    parentOf.set(code, parent);
    if (parent) await db.unitParent.create({ data: { unitId: unit.id, parentId: ids.get(parent)! } });
    await treeChanged(db);
    return unit;
  }

  beforeAll(async () => {
    database = await freshDatabase(provider);
    db = createDatabase(database.url);
    for (const [code, parent] of Object.entries(PARENTS)) await addUnit(code, parent);
    const field = await db.field.create({ data: { code: 'NONG_THON_MOI', nameVi: 'Xây dựng nông thôn mới', nameEn: 'New rural construction' } });
    for (const code of Object.keys(PARENTS)) {
      await db.model.create({
        data: {
          registrationKey: `M-${code}`,
          kind: 'MODEL',
          holder: 'COLLECTIVE',
          title: 'Mô hình',
          unitId: ids.get(code)!,
          fieldId: field.id,
          startYear: 2019,
          origin: 'ENTERED',
        },
      });
    }
    await createCommuneNtmIndicator(db);
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it.each(PRINCIPALS)(
    '$role of $unit: allowed exactly within the area and the role, refused with FORBIDDEN otherwise',
    { timeout: 180_000 },
    async ({ role, unit, targets }) => {
      const mismatches: string[] = [];
      let cases = 0;
      for (const [relation, target] of Object.entries(targets) as [Relation, string][]) {
        for (const operation of OPERATIONS) {
          if (operation.only && !operation.only(target)) continue;
          const key = `k${++cases}${role.slice(0, 3)}`;
          if (operation.name === 'createUnit') parentOf.set(`N-${key}`, target);
          if (needsScratchUnits.has(operation.name)) {
            for (const prefix of ['A', 'B', 'C']) await addUnit(`${prefix}-${key}`, target, levelOf(target), 'AGENCY');
          }
          const allowedRoles = ALLOWED_ROLES[operation.kind];
          const expected = (!allowedRoles || allowedRoles.includes(role)) && isWithin(target, unit);
          const auditedBefore = expected ? 0 : await db.auditEntry.count();
          const result = await run(viewer(role, unit), operation.source, operation.variables(target, key));
          const code = result.errors?.[0]?.extensions?.code;
          const problems = (result.data as { importSpreadsheet?: { problems: unknown[] } } | null)?.importSpreadsheet?.problems ?? [];
          const allowed = !result.errors && problems.length === 0;
          // An officer's import of another area is refused row by row (BAD_USER_INPUT-like problems), not FORBIDDEN.
          const refused = code === 'FORBIDDEN' || (operation.name === 'importSpreadsheet' && problems.length > 0);
          const what = `${relation} ${target} ${operation.name}`;
          if (expected && !allowed) mismatches.push(`${what}: refused (${code ?? JSON.stringify(problems)}) ${result.errors?.[0]?.message ?? ''}`);
          if (!expected && !refused) mismatches.push(`${what}: not refused (${code ?? 'allowed'})`);
          // Said in Vietnamese too, for the officers' forms and the dashboard (extensions.vi).
          if (code === 'FORBIDDEN' && !/\p{L}/u.test(String(result.errors?.[0]?.extensions?.vi ?? ''))) mismatches.push(`${what}: refused in English only`);
          if (!expected && (await db.auditEntry.count()) !== auditedBefore) mismatches.push(`${what}: a refused write left audit entries`);
        }
      }
      expect(mismatches).toEqual([]);
      expect(cases).toBeGreaterThan(50);
    },
  );

  it('administrators alone define indicators and issue embed tokens', async () => {
    const save = `mutation { saveIndicator(input: { code: "ACCESS_TEST", nameVi: "X", nameEn: "X", numeratorVi: "x", numeratorEn: "x", denominatorVi: "x", denominatorEn: "x",
      definition: "{\\"measure\\":\\"UNITS_WITH_PLAN\\",\\"unitKinds\\":[\\"COMMUNE\\"]}", targets: [] }) { code } }`;
    const issue = `mutation { issueEmbedToken(input: { indicator: "COMMUNE_NTM", unit: "P1", fromYear: 2019, toYear: 2020, chart: bar, days: 30 }) { id } }`;
    for (const { role, unit } of PRINCIPALS) {
      for (const source of [save, issue, `{ embedTokens { id } }`]) {
        const result = await run(viewer(role, unit), source);
        if (role === 'ADMIN') expect(result.errors, `${role} ${source}`).toBeUndefined();
        else {
          expect(result.errors?.[0]?.extensions?.code, `${role} ${source}`).toBe('FORBIDDEN');
          expect(result.errors?.[0]?.extensions?.vi, `${role} ${source}`).toMatch(/\p{L}/u);
        }
      }
    }
  });

  it('judges the area in the record’s year: a commune that changed district belongs to each in its years', async () => {
    const moved = await addUnit('C9', null, 'COMMUNE', 'COMMUNE');
    await db.unitParent.createMany({
      data: [
        { unitId: moved.id, parentId: ids.get('D1')!, validTo: day('2020-12-31') },
        { unitId: moved.id, parentId: ids.get('D2')!, validFrom: day('2021-01-01') },
      ],
    });
    await treeChanged(db);
    parentOf.set('C9', 'D1'); // as it stood in 2020, the year the lists of the next test are read in
    const plan = (year: number) => `mutation { recordPlan(input: { unit: "C9", year: ${year} }) { year } }`;
    const d1 = viewer('DISTRICT_OFFICER', 'D1');
    const d2 = viewer('DISTRICT_OFFICER', 'D2');
    expect((await run(d1, plan(2020))).errors).toBeUndefined();
    expect((await run(d1, plan(2022))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await run(d2, plan(2022))).errors).toBeUndefined();
    const refused = await run(d2, plan(2020));
    expect(refused.errors?.[0]?.message).toBe('Đơn vị C9 (C9) is outside your area in 2020: your account covers Đơn vị D2 (D2) and the units under it.');
    // Its own records too: each district's officer sees the years it was theirs.
    const plans = `{ unit(code: "C9") { plans { year } } }`;
    expect((await run(d1, plans)).data).toEqual({ unit: { plans: [{ year: 2020 }] } });
    expect((await run(d2, plans)).data).toEqual({ unit: { plans: [{ year: 2022 }] } });
    const dashboard = (year: number) => `{ dashboard(unit: "C9", year: ${year}) { unit { code } } }`;
    expect((await run(d2, dashboard(2020))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await run(d2, dashboard(2022))).data).toEqual({ dashboard: { unit: { code: 'C9' } } });
    // The change since the year before, asked in D2's view of 2021: C9 was D1's in 2020, so its group's year
    // before reads null for D2's officer (the view is not refused for it), and its numbers for D1's.
    const change = `{ dashboard(unit: "D2", year: 2021) { coverages { yearBefore { year }
      breakdown(by: CHILD_UNITS) { unit { code } yearBefore { year denominator } } } } }`;
    const seen = await run(d2, change);
    expect(seen.errors).toBeUndefined();
    const [coverage] = (seen.data as { dashboard: { coverages: { yearBefore: unknown; breakdown: { unit: { code: string }; yearBefore: unknown }[] }[] } })
      .dashboard.coverages;
    expect(coverage!.yearBefore).toEqual({ year: 2020 });
    const groups = Object.fromEntries(coverage!.breakdown.map((group) => [group.unit.code, group.yearBefore]));
    expect([groups.C3, groups.C9]).toEqual([{ year: 2020, denominator: 1 }, null]);
    const fromD1 = `{ coverage(indicator: "COMMUNE_NTM", unit: "C9", period: { year: 2021 }) { yearBefore { year denominator } } }`;
    expect((await run(d2, fromD1)).data).toEqual({ coverage: { yearBefore: null } });
    expect((await run(d1, fromD1)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await run(viewer('PROVINCE_OFFICER', 'P1'), fromD1)).data).toEqual({ coverage: { yearBefore: { year: 2020, denominator: 1 } } });
  });

  it('never joins links of different years: a commune that came under a district after it left the province was never in it', async () => {
    const left = await addUnit('DX', null, 'DISTRICT', 'DISTRICT');
    const came = await addUnit('CY', null, 'COMMUNE', 'COMMUNE');
    await db.unitParent.createMany({
      data: [
        { unitId: left.id, parentId: ids.get('P1')!, validTo: day('2009-12-31') },
        { unitId: left.id, parentId: ids.get('P2')!, validFrom: day('2010-01-01') },
        { unitId: came.id, parentId: left.id, validFrom: day('2015-01-01') },
      ],
    });
    await treeChanged(db);
    parentOf.set('DX', 'P2');
    parentOf.set('CY', 'DX');
    const field = await db.field.findFirstOrThrow();
    await db.model.create({
      data: {
        registrationKey: 'M-CY',
        kind: 'MODEL',
        holder: 'COLLECTIVE',
        title: 'Mô hình',
        unitId: came.id,
        fieldId: field.id,
        startYear: 2019,
        origin: 'ENTERED',
      },
    });
    const officer = viewer('PROVINCE_OFFICER', 'P1');
    for (const source of [
      `{ unit(code: "CY") { models { totalCount } } }`,
      `mutation { renameUnit(code: "CY", name: "Xã Khác") { name } }`,
      `mutation { moveUnit(code: "CY", parent: "D1", from: "2024-01-01") { code } }`,
    ]) {
      expect((await run(officer, source)).errors?.[0]?.extensions?.code, source).toBe('FORBIDDEN');
    }
    const listed = await run(officer, `{ models(filter: { under: "DX" }) { edges { node { registrationKey } } } }`);
    expect(listed.data!.models.edges).toEqual([]);
    const everything = await run(officer, `{ models(first: 100) { edges { node { registrationKey } } } }`);
    expect(everything.data!.models.edges.map((edge: { node: { registrationKey: string } }) => edge.node.registrationKey)).not.toContain('M-CY');
    // The province's officer of those years does read the district then.
    expect((await run(officer, `{ unit(code: "DX") { models { totalCount } } }`)).errors).toBeUndefined();
  });

  it('leaves imports of units to those who keep the tree, and an administrator of a unit publishes only their area', async () => {
    const units = new File(['Mã đơn vị,Mã thống kê,Tên đơn vị,Loại,Cấp,Đơn vị cấp trên\nCNEW,CNEW,Xã Mới,COMMUNE,COMMUNE,D1\n'], 'don-vi.csv', {
      type: 'text/csv',
    });
    const imported = await run(viewer('DISTRICT_OFFICER', 'D1'), `mutation($file: File!) { importSpreadsheet(file: $file, kind: UNITS) { written } }`, {
      file: units,
    });
    expect(imported.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await db.unit.count({ where: { code: 'CNEW' } })).toBe(0);
    const localAdmin = viewer('ADMIN', 'D1');
    const issue = (unit: string) =>
      `mutation { issueEmbedToken(input: { indicator: "COMMUNE_NTM", unit: "${unit}", fromYear: 2019, toYear: 2020, chart: bar, days: 30 }) { id } }`;
    expect((await run(localAdmin, issue('D2'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await run(localAdmin, issue('C1'))).errors).toBeUndefined();
    const listed = await run(localAdmin, `{ embedTokens { unit } }`);
    expect(new Set(listed.data!.embedTokens.map((token: { unit: string }) => token.unit))).toEqual(new Set(['C1']));
  });

  it('keeps breakdowns, missing lists, the audit log and exports to the area', async () => {
    const officer = viewer('DISTRICT_OFFICER', 'D1');
    const coverage = await run(
      officer,
      `{ coverage(indicator: "COMMUNE_NTM", unit: "D1", period: { year: 2020 }) {
        breakdown(by: CHILD_UNITS) { unit { code } } missing(first: 100) { edges { node { unit { code } } } } } }`,
    );
    expect(coverage.errors).toBeUndefined();
    const { breakdown, missing } = coverage.data!.coverage;
    for (const code of [...breakdown, ...missing.edges.map((edge: { node: unknown }) => edge.node)].map((item: { unit: { code: string } }) => item.unit.code)) {
      expect(isWithin(code, 'D1'), code).toBe(true);
    }
    expect(missing.edges.length).toBeGreaterThan(0);
    // Without a filter, an officer's audit log is their area's: entries of units elsewhere never show.
    const log = await run(officer, `{ auditLog(first: 100) { totalCount edges { node { entityKey } } } }`);
    const everywhere = await run(viewer('ADMIN', null), `{ auditLog(first: 100) { totalCount } }`);
    expect(log.data!.auditLog.totalCount).toBeGreaterThan(0);
    expect(log.data!.auditLog.totalCount).toBeLessThan(everywhere.data!.auditLog.totalCount);
    expect(log.data!.auditLog.edges.map((edge: { node: { entityKey: string } }) => edge.node.entityKey).join(' ')).not.toMatch(/\bD2\b|\bP2\b|\bC3\b/);
    const exported = await run(officer, `{ exportSpreadsheet(kind: MODELS) }`);
    const keys = [...(exported.data!.exportSpreadsheet as string).matchAll(/\r\n(M-\w+),/g)].map((match) => match[1]);
    expect(keys.sort()).toEqual(['M-C1', 'M-C2', 'M-D1', 'M-O1']);
  });
});

describe('deny by default', () => {
  it('gives every root field of the schema an access rule', () => {
    expect(fieldsWithoutRule()).toEqual([]);
  });

  it('reports a root field added without one', () => {
    const unruled = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { secrets: { type: GraphQLString, resolve: () => 'everything' } } }),
    });
    expect(fieldsWithoutRule(unruled)).toEqual(['Query.secrets']);
  });
});
