// The models active in each year asked, a model an entry, as columns: its owner, and its field, kind and
// that year's evaluation (rating, replication) as one small number. One pass serves every indicator that
// counts models and every year asked: their filters and conditions are read off that number
// (src/indicators/model-predicates.ts).
//
// The database answers one row per model: its owner, field, kind, span, and its evaluations of the years
// asked packed three bits a year; the spreading by year is done here. Joining each year's active models
// to that year's evaluations and grouping in SQL, year by year, made a whole country's ten years a minute
// of SQLite's time (ten passes over 1.2 million models, each probing the evaluations and sorting 600,000
// groups); one pass over the models and their evaluations takes seconds (docs/performance.md). Kept as
// typed arrays rather than objects, a country's ten years (ten million entries) leave the collector little
// to do and are counted in a loop over numbers.
import { providerOfDatabase, type Database } from '../../db/client.ts';
import { Prisma, type ModelKind } from '../../generated/sqlite/client.ts';
import { EXEMPLAR, RATINGS, REPLICATED, TRAITS } from '../../indicators/model-predicates.ts';
import { ownedBy } from './fragments.ts';
import { getOrMake } from '../../lib/maps.ts';

/** A year's active models, by index: `owners[i]` registered model i, of field and traits `combos[i]` (src/indicators/model-predicates.ts). */
export interface ModelFacts {
  year: number;
  length: number;
  owners: Int32Array;
  /** The model's field (by its index in `fieldIds`) and traits: `fieldIndex * TRAITS + traits`. */
  combos: Uint16Array;
  fieldIds: number[];
}

/** Years packed in one integer: 17 × 3 bits stay below 2^53, exact in a JavaScript number. */
const WINDOW_YEARS = 17;

/** One per year asked, in the years' order; with `owners`, only the models those units registered. */
export async function modelFacts(db: Database, years: number[], owners?: number[]): Promise<ModelFacts[]> {
  const asked = [...new Set(years)].sort((a, b) => a - b);
  const fieldIds: number[] = [];
  const byYear = new Map(asked.map((year) => [year, { year, length: 0, owners: new Int32Array(0), combos: new Uint16Array(0), fieldIds }]));
  if (owners?.length === 0) return [...byYear.values()];
  const fieldIndexes = new Map<number, number>();
  for (let start = 0; start < asked.length; ) {
    // The years of one window span at most WINDOW_YEARS, so that their bits fit.
    let end = start;
    while (end + 1 < asked.length && asked[end + 1]! - asked[start]! < WINDOW_YEARS) end++;
    const window = asked.slice(start, end + 1);
    const rows = await readWindow(db, window, owners);
    const columns = window.map((year) => ({ year, length: 0, owners: new Int32Array(rows.length), combos: new Uint16Array(rows.length), fieldIds }));
    const shifts = window.map((year) => 2 ** (3 * (year - window[0]!)));
    for (const row of rows) {
      const field = getOrMake(fieldIndexes, row.fieldId, () => fieldIds.push(row.fieldId) - 1);
      const base = field * TRAITS + (row.kind === 'MODEL' ? 0 : EXEMPLAR);
      // A sum of disjoint bits: one evaluation per model and year.
      const packed = Number(row.evaluations ?? 0);
      for (let index = 0; index < window.length; index++) {
        const year = window[index]!;
        if (row.startYear > year || (row.endYear !== null && row.endYear < year)) continue;
        const facts = columns[index]!;
        facts.owners[facts.length] = row.ownerId;
        facts.combos[facts.length] = base + (Math.floor(packed / shifts[index]!) % 8);
        facts.length++;
      }
    }
    for (const facts of columns) byYear.set(facts.year, { ...facts, owners: facts.owners.slice(0, facts.length), combos: facts.combos.slice(0, facts.length) });
    start = end + 1;
  }
  return [...byYear.values()];
}

/** Rating codes as packed: 1 + the rating's index in RATINGS. */
const RATING_CODES = Prisma.raw(RATINGS.map((rating, index) => `WHEN '${rating}' THEN ${index + 1}`).join(' '));

async function readWindow(db: Database, years: number[], owners: number[] | undefined) {
  const first = years[0]!;
  const last = years[years.length - 1]!;
  if (!Number.isSafeInteger(first)) throw new Error(`modelFacts: ${first} is not a year`);
  // SQLite reads a model's evaluations in one range of the (modelId, year) index, years not asked
  // included (their bits are not read), instead of looking up each year: a country's ten years 3.9-5.2 s
  // -> 3.1-3.4 s. PostgreSQL is given the list: with a range, its planner (without statistics, as a copy
  // of a database not yet analysed) hashed every evaluation of the years, three times the demo's time.
  const inYears = providerOfDatabase(db) === 'sqlite' ? Prisma.sql`e.year BETWEEN ${first} AND ${last}` : Prisma.sql`e.year IN (${Prisma.join(years)})`;
  // Literals, not parameters: PostgreSQL shifts a bigint by an integer only.
  const code = Prisma.sql`CAST(CASE e.rating ${RATING_CODES} ELSE 0 END
    + CASE WHEN e."recommendedForReplication" THEN ${Prisma.raw(String(REPLICATED))} ELSE 0 END AS BIGINT) << ${Prisma.raw(`(3 * (e.year - ${first}))`)}`;
  return db.$queryRaw<{ ownerId: number; fieldId: number; kind: ModelKind; startYear: number; endYear: number | null; evaluations: bigint | number | null }[]>`
    SELECT m."unitId" AS "ownerId", m."fieldId" AS "fieldId", m.kind AS "kind", m."startYear" AS "startYear", m."endYear" AS "endYear",
           CAST(SUM(${code}) AS BIGINT) AS "evaluations"
    FROM "Model" m
    LEFT JOIN "Evaluation" e ON e."modelId" = m.id AND ${inYears}
    WHERE m."startYear" <= ${last} AND (m."endYear" IS NULL OR m."endYear" >= ${first}) ${ownedBy(Prisma.sql`m."unitId"`, owners)}
    GROUP BY m.id`;
}
