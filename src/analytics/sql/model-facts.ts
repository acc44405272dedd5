// Models active in each year asked, counted per owning unit, field, kind and that year's evaluation
// (rating, replication). One pass serves every indicator that counts models and every year asked: their
// filters and conditions are then read off these groups (src/indicators/model-predicates.ts).
//
// The database answers one row per model: its owner, field, kind, span, and its evaluations of the years
// asked packed three bits a year; the counting by year is done here. Joining each year's active models to
// that year's evaluations and grouping in SQL, year by year, made a whole country's ten years a minute of
// SQLite's time (ten passes over 1.2 million models, each probing the evaluations and sorting 600,000
// groups); one pass over the models and their evaluations takes seconds (docs/performance.md).
import type { Database } from '../../db/client.ts';
import { Prisma, type EvaluationRating, type ModelKind } from '../../generated/sqlite/client.ts';
import { ownedBy } from './fragments.ts';
import { getOrMake } from '../../lib/maps.ts';

export interface ModelFact {
  ownerId: number;
  year: number;
  fieldId: number;
  kind: ModelKind;
  /** The rating of the year's evaluation; null when the model was not reviewed that year. */
  rating: EvaluationRating | null;
  recommendedForReplication: boolean;
  models: number;
}

/** A year's evaluation in three bits: the rating (0 for none) and 4 when recommended for replication. */
const RATINGS: (EvaluationRating | null)[] = [null, 'NOT_EFFECTIVE', 'EFFECTIVE', 'OUTSTANDING'];
const REPLICATED = 4;
/** Years packed in one integer: 17 × 3 bits stay below 2^53, exact in a JavaScript number. */
const WINDOW_YEARS = 17;

/** With `owners`, only the models those units registered (the subtree a coverage was asked for). */
export async function modelFacts(db: Database, years: number[], owners?: number[]): Promise<ModelFact[]> {
  if (owners?.length === 0 || years.length === 0) return [];
  const asked = [...new Set(years)].sort((a, b) => a - b);
  const groups: Groups = { byYear: new Map(), fields: new Map() };
  for (let start = 0; start < asked.length; ) {
    // The years of one window span at most WINDOW_YEARS, so that their bits fit.
    let end = start;
    while (end + 1 < asked.length && asked[end + 1]! - asked[start]! < WINDOW_YEARS) end++;
    const window = asked.slice(start, end + 1);
    await countWindow(db, window, owners, groups);
    start = end + 1;
  }
  return [...groups.byYear.values()].flatMap((facts) => [...facts.values()]);
}

/** The groups counted so far, by year and by a number made of owner, field, kind and evaluation. */
interface Groups {
  byYear: Map<number, Map<number, ModelFact>>;
  /** Fields numbered from 0 in the order met, for the groups' numbers. */
  fields: Map<number, number>;
}

async function countWindow(db: Database, years: number[], owners: number[] | undefined, groups: Groups) {
  const first = years[0]!;
  const last = years[years.length - 1]!;
  if (!Number.isSafeInteger(first)) throw new Error(`modelFacts: ${first} is not a year`);
  // Literals, not parameters: PostgreSQL shifts a bigint by an integer only.
  const code = Prisma.raw(`CAST(CASE e.rating WHEN 'NOT_EFFECTIVE' THEN 1 WHEN 'EFFECTIVE' THEN 2 WHEN 'OUTSTANDING' THEN 3 ELSE 0 END
    + CASE WHEN e."recommendedForReplication" THEN ${REPLICATED} ELSE 0 END AS BIGINT) << (3 * (e.year - ${first}))`);
  const rows = await db.$queryRaw<
    { ownerId: number; fieldId: number; kind: ModelKind; startYear: number; endYear: number | null; evaluations: bigint | number | null }[]
  >`
    SELECT m."unitId" AS "ownerId", m."fieldId" AS "fieldId", m.kind AS "kind", m."startYear" AS "startYear", m."endYear" AS "endYear",
           CAST(SUM(${code}) AS BIGINT) AS "evaluations"
    FROM "Model" m
    LEFT JOIN "Evaluation" e ON e."modelId" = m.id AND e.year IN (${Prisma.join(years)})
    WHERE m."startYear" <= ${last} AND (m."endYear" IS NULL OR m."endYear" >= ${first}) ${ownedBy(Prisma.sql`m."unitId"`, owners)}
    GROUP BY m.id`;
  const yearGroups = years.map((year) => getOrMake(groups.byYear, year, () => new Map()));
  const shifts = years.map((year) => 2 ** (3 * (year - first)));
  for (const row of rows) {
    const field = getOrMake(groups.fields, row.fieldId, () => groups.fields.size);
    // Unique while owners stay below 2^32 and fields below 2^16: within 2^53.
    const modelGroup = (row.ownerId * 2 ** 16 + field) * 32 + (row.kind === 'MODEL' ? 0 : 16);
    // A sum of disjoint bits: one evaluation per model and year.
    const packed = Number(row.evaluations ?? 0);
    for (let index = 0; index < years.length; index++) {
      const year = years[index]!;
      if (row.startYear > year || (row.endYear !== null && row.endYear < year)) continue;
      const bits = Math.floor(packed / shifts[index]!) % 8;
      const facts = yearGroups[index]!;
      const group = facts.get(modelGroup + bits);
      if (group) group.models++;
      else {
        const rating = RATINGS[bits % REPLICATED]!;
        facts.set(modelGroup + bits, {
          ownerId: row.ownerId,
          year,
          fieldId: row.fieldId,
          kind: row.kind,
          rating,
          recommendedForReplication: bits >= REPLICATED,
          models: 1,
        });
      }
    }
  }
}
