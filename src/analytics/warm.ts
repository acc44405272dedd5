// Computes and stores ahead the kept tallies a unit's dashboard reads (every indicator, in each year of
// its ten-year series, with the breakdown by child units that comes with them), so that its first reader
// does not wait for them: after seeding the national data set, the national overview's take half a minute.
// They are the rows the first read would store (./tallies.ts); a write forgets them as it would those.
import type { Database } from '../db/client.ts';
import { definitionOf } from '../indicators/definition.ts';
import { referenceDay } from '../units/tree.ts';
import { coverageNumbers } from './coverage.ts';
import { createFacts } from './facts.ts';

/** Answers false when there is no such unit. */
export async function keepDashboardTallies(db: Database, unitCode: string, lastYear: number): Promise<boolean> {
  const facts = createFacts(db);
  const tree = await facts.tree();
  const unit = tree.byCode(unitCode);
  if (!unit) return false;
  const indicators = (await facts.indicators()).map((row) => ({ id: row.id, parsed: definitionOf(row) }));
  const years = Array.from({ length: 10 }, (_, index) => lastYear - index);
  // The breakdown's rows too: those of children whose numbers are all zero are stored only when asked.
  const children = tree.children(unit.id, referenceDay(lastYear, unit));
  // Asked in one tick: one walk down the tree serves every indicator and year.
  await Promise.all(
    indicators.flatMap((indicator) => [
      ...years.map((year) => coverageNumbers(facts, indicator, unit.id, year)),
      ...children.map((child) => coverageNumbers(facts, indicator, child.id, lastYear)),
    ]),
  );
  return true;
}
