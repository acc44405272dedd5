// The unit tree a server keeps (src/units/unit-tree.ts) is read in pages, the event loop turning between
// two: every unit and link arrives, and a tree change that lands between two pages is not half seen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnitTree } from '../../src/units/unit-tree.ts';
import { createDatabase, providerOfDatabase, type Database } from '../../src/db/client.ts';
import { raiseDataVersion } from '../../src/db/data-version.ts';
import { freshDatabase, providers, type TestDatabase } from '../support/databases.ts';

const DISTRICTS = 4;
const COMMUNES_EACH = 6;
const BEFORE_MOVE = new Date('2023-06-30T00:00:00Z');
const MOVED = new Date('2024-01-01T00:00:00Z');

describe.each(providers)('the unit tree read in pages on %s', (provider) => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await freshDatabase(provider);
    db = createDatabase(database.url);
    const unit = (code: string, kind: 'PROVINCE' | 'DISTRICT' | 'COMMUNE') =>
      db.unit.create({ data: { code, officialCode: code, name: code, searchName: code.toLowerCase(), kind, level: kind } });
    const province = await unit('P', 'PROVINCE');
    for (let d = 1; d <= DISTRICTS; d++) {
      const district = await unit(`D${d}`, 'DISTRICT');
      await db.unitParent.create({ data: { unitId: district.id, parentId: province.id } });
      for (let c = 1; c <= COMMUNES_EACH; c++) {
        const commune = await unit(`C${d}${c}`, 'COMMUNE');
        await db.unitParent.create({ data: { unitId: commune.id, parentId: district.id } });
      }
    }
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  const codesBelow = (tree: UnitTree, code: string, day: Date) => tree.children(tree.byCode(code)!.id, day).map((unit) => unit.code);

  it('reads every unit and link, whatever the size of a page', async () => {
    const whole = await UnitTree.load(db, providerOfDatabase(db));
    expect(whole.size).toBe(1 + DISTRICTS * (1 + COMMUNES_EACH));
    for (const page of [1, 4, 7, 31]) {
      const paged = await UnitTree.load(db, providerOfDatabase(db), { page });
      expect(paged.size, `pages of ${page}`).toBe(whole.size);
      for (let d = 1; d <= DISTRICTS; d++) expect(codesBelow(paged, `D${d}`, BEFORE_MOVE)).toEqual(codesBelow(whole, `D${d}`, BEFORE_MOVE));
      expect(codesBelow(paged, 'P', BEFORE_MOVE)).toEqual(['D1', 'D2', 'D3', 'D4']);
    }
  });

  it('reads the tree again when a change lands between two pages: a moved commune has one parent, its new one', async () => {
    const [moving, into] = await Promise.all([db.unit.findUniqueOrThrow({ where: { code: 'C11' } }), db.unit.findUniqueOrThrow({ where: { code: 'D4' } })]);
    const move = () =>
      db.$transaction(async (tx) => {
        await raiseDataVersion(tx, { tree: true });
        await tx.unitParent.updateMany({ where: { unitId: moving.id, validTo: null }, data: { validTo: new Date(MOVED.getTime() - 86_400_000) } });
        // A new link has a higher id than every other: on the last page of links.
        await tx.unitParent.create({ data: { unitId: moving.id, parentId: into.id, validFrom: MOVED } });
      });
    // Pages of one row: the move is made once the commune's link (the second) has been read, and lands
    // while the twenty-odd links after it are read, a turn of the event loop between two.
    let moved: Promise<unknown> | undefined;
    db.$on('query', (event) => {
      if (!moved && /"UnitParent" WHERE "id" > 2 /.test(event.query)) moved = move();
    });
    const loading = UnitTree.load(db, providerOfDatabase(db), { page: 1 });
    await expect.poll(() => moved !== undefined).toBe(true);
    await moved;
    const tree = await loading;
    expect(tree.ancestors(moving.id, MOVED).map((unit) => unit.code)).toEqual(['P', 'D4']);
    expect(codesBelow(tree, 'D1', MOVED)).not.toContain('C11');
    expect(codesBelow(tree, 'D1', BEFORE_MOVE)).toContain('C11');
    expect(codesBelow(tree, 'D4', MOVED)).toContain('C11');
  });
});
