// Missing lists from the kept rows: the units whose own numbers fall short, by code, read a page at a
// time, and read again after a write that deleted the rows since the coverage was read.
import { providerOfDatabase, type Database } from '../../db/client.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import { definitionOf } from '../../indicators/definition.ts';
import { createFacts, type Facts } from '../facts.ts';
import { idIn } from '../sql/fragments.ts';
import type { UnitTree } from '../../units/unit-tree.ts';
import { keptTally, READ_CHUNK } from './read.ts';
import { dayNumber, type TallyKey } from './rows.ts';

/** A unit whose own numbers fall short, and by how much (units: 1; models: how many). */
export interface MissingRow {
  unitId: number;
  missing: number;
}

/** Attempts at reading a missing list before it is left to the records: each follows a write. */
const MISSING_ATTEMPTS = 3;

/**
 * The units below the key's unit (or the unit itself) whose own numbers fall short on the day, by code,
 * until they miss `need` in all. The coverage read its row first, but a write may have deleted the rows
 * since: they are computed again, on facts read after that write, and the list read again. Undefined when
 * writes kept overtaking it, or when one changed the indicator's definition: the request then lists from
 * the records, by the definition its numbers counted.
 */
export async function missingRows(facts: Facts, key: TallyKey & { selfOnly: boolean }, need: number): Promise<MissingRow[] | undefined> {
  for (let attempt = 0; attempt < MISSING_ATTEMPTS; attempt++) {
    const rows = await readMissingRows(facts.db, await facts.tree(), key, need);
    if (rows) return rows;
    const later = createFacts(facts.db);
    if (!(await definesAsParsed(later, key.indicator))) return undefined;
    await keptTally(later, key);
  }
  return undefined;
}

/**
 * Whether the indicator's definition, on the facts, is still the one the request parsed. The definition is
 * a fact like the records, but the request parsed it before the facts were read: rows computed on later
 * facts by an older definition would be stored as current, since `store` only leaves out the rows that
 * writes after the facts' version deleted. Read after that version, a save landing later is one of those.
 * Rows are not kept by revision of the definition instead: a save deletes all of its indicator's, so
 * once every row counts by the definition of its facts' version, the rows present are the current
 * definition's, and no read has two to choose from.
 */
async function definesAsParsed(facts: Facts, indicator: TallyKey['indicator']): Promise<boolean> {
  await facts.version();
  const stored = await facts.db.indicator.findUnique({ where: { id: indicator.id }, select: { code: true, definition: true } });
  return stored !== null && JSON.stringify(definitionOf(stored)) === JSON.stringify(indicator.parsed);
}

/**
 * Reads a missing list from the rows, or undefined when the key's own row is absent: then so may be the
 * rows below it. Each statement looks for that row too, so that what it reads is one state of the table.
 */
async function readMissingRows(db: Database, tree: UnitTree, key: TallyKey & { selfOnly: boolean }, need: number): Promise<MissingRow[] | undefined> {
  // A subtree is named in the statement; the country's (a unit without a parent on the day), or another too
  // large to name, is read by code and each row read is placed by its parents. Walked after a tree change
  // or built into a set for each list, the country's 76,000 units held the request thread 80 ms, then 10.
  const root = !key.selfOnly && tree.existsOn(key.unitId, key.day) && tree.ancestors(key.unitId, key.day).length === 0;
  const within = key.selfOnly ? [tree.unit(key.unitId)] : root ? [] : tree.subtree(key.unitId, key.day);
  const inside = root || within.length > READ_CHUNK;
  const slice = Prisma.sql`"indicatorId" = ${key.indicator.id} AND "fieldId" = ${key.fieldId} AND "day" = ${dayNumber(key.day)}`;
  // A named subtree is looked up by key and sorted (an expression, so that SQLite does not walk the code
  // index through every other province's rows instead); a whole country is read in code order.
  const order = inside ? Prisma.sql`"code"` : Prisma.sql`"code" || ''`;
  const found: MissingRow[] = [];
  let missing = 0;
  // Models are missing by the unit, so the rows a page needs are not known ahead: batches grow.
  for (let skip = 0, batch = Math.max(need, 100); missing < need; skip += batch, batch *= 4) {
    const rows = await db.$queryRaw<{ unitId: number; selfNumerator: number; selfDenominator: number; code: string }[]>`
      SELECT "unitId", "selfNumerator", "selfDenominator", "code" FROM (
        SELECT "unitId", "selfNumerator", "selfDenominator", "code" FROM "UnitTally"
        WHERE ${slice} AND "selfNumerator" < "selfDenominator" ${
          inside
            ? Prisma.empty
            : Prisma.sql`AND ${idIn(
                providerOfDatabase(db),
                Prisma.sql`"unitId"`,
                within.map((unit) => unit.id),
              )}`
        }
        ORDER BY ${order}, "unitId" LIMIT ${batch} OFFSET ${skip}
      ) AS page
      UNION ALL SELECT -1, 0, 0, '' WHERE NOT EXISTS (SELECT 1 FROM "UnitTally" WHERE ${slice} AND "unitId" = ${key.unitId})
      ORDER BY "code", "unitId"`;
    if (rows[0]?.unitId === -1) return undefined;
    for (const row of rows) {
      if (inside && !tree.isWithin(row.unitId, key.unitId, key.day)) continue;
      found.push({ unitId: row.unitId, missing: row.selfDenominator - row.selfNumerator });
      missing += row.selfDenominator - row.selfNumerator;
    }
    if (rows.length < batch) break;
  }
  return found;
}
