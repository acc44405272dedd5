// SQL pieces the analytics queries share. Models are aliased `m`, their evaluation for the year `e`. The
// counts read the same filters off the model facts in TypeScript (src/indicators/model-predicates.ts); the
// consistency tests hold the two together (numerator + missing = denominator, list length = totalCount).
import type { Provider } from '../../db/datamodel.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import type { ModelCondition, ModelFilter } from '../../indicators/model-filter.ts';

/**
 * Owner lists longer than this are not named in SQL (SQLite binds at most 32,766 parameters): the
 * statement reads every owner's rows, and the caller keeps those it counts.
 */
export const MAX_NAMED_OWNERS = 20_000;

/** `AND column IN (owners)`, or nothing when every owner counts or the list is too long to name. */
export function ownedBy(column: Prisma.Sql, owners: number[] | undefined): Prisma.Sql {
  return owners && owners.length <= MAX_NAMED_OWNERS ? Prisma.sql`AND ${column} IN (${Prisma.join(owners)})` : Prisma.empty;
}

/**
 * `column IN (ids)`, the ids bound as one parameter: a JSON array on SQLite, an integer array on
 * PostgreSQL. Bound one parameter each, a few thousand ids cost more than the lookups they select.
 */
export function idIn(provider: Provider, column: Prisma.Sql, ids: number[]): Prisma.Sql {
  return provider === 'postgresql'
    ? Prisma.sql`${column} = ANY(CAST(${ids} AS INTEGER[]))`
    : Prisma.sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}

/**
 * Rows of integers as a table with these column names, bound as idIn binds its ids: an array per column on
 * PostgreSQL, one JSON array of rows on SQLite.
 */
export function integerRows(provider: Provider, names: readonly string[], rows: number[][]): Prisma.Sql {
  const quoted = names.map((name) => `"${name}"`);
  if (provider === 'postgresql') {
    const arrays = names.map((_, column) => Prisma.sql`CAST(${rows.map((row) => row[column])} AS INTEGER[])`);
    return Prisma.sql`(SELECT * FROM unnest(${Prisma.join(arrays)}) AS given(${Prisma.raw(quoted.join(', '))}))`;
  }
  const columns = quoted.map((name, column) => `value ->> ${column} AS ${name}`).join(', ');
  return Prisma.sql`(SELECT ${Prisma.raw(columns)} FROM json_each(${JSON.stringify(rows)}))`;
}

/** `expression IN (…)` over enum or text values, comparable on both databases (PostgreSQL enums need the cast). */
function textIn(expression: Prisma.Sql, values: readonly string[]): Prisma.Sql {
  return Prisma.sql`CAST(${expression} AS TEXT) IN (${Prisma.join(values)})`;
}

/** Conditions for the models an indicator counts (beside being active in the year). */
export function modelFilterSql(filter: ModelFilter): Prisma.Sql[] {
  return [
    filter.fields ? Prisma.sql`m."fieldId" IN (SELECT f.id FROM "Field" f WHERE f.code IN (${Prisma.join(filter.fields)}))` : null,
    filter.modelKinds ? textIn(Prisma.sql`m.kind`, filter.modelKinds) : null,
    filter.ratings ? Prisma.sql`e.id IS NOT NULL AND ${textIn(Prisma.sql`e.rating`, filter.ratings)}` : null,
  ].filter((part): part is Prisma.Sql => part !== null);
}

/** Whether a counted model meets an indicator's condition in the year. */
export function conditionSql(condition: ModelCondition | undefined): Prisma.Sql {
  if (!condition) return Prisma.sql`1 = 1`;
  if ('evaluated' in condition) return Prisma.sql`e.id IS NOT NULL`;
  if ('recommendedForReplication' in condition) return Prisma.sql`e."recommendedForReplication" = ${true}`;
  return Prisma.sql`e.id IS NOT NULL AND ${textIn(Prisma.sql`e.rating`, condition.ratings)}`;
}
