// Kept tallies (UnitTally): an indicator's numerator and denominator for a unit on a day, the unit's own
// and its whole subtree's, stored so that a dashboard reads a few rows instead of every record.
//
// A row is computed on the first read that needs it and deleted by every write that could change it, in
// the write's own transaction (the write frame, src/entry/write.ts: `forgetTallies` for the units a write
// to records or to the tree names; `forgetAllTallies` for an indicator, or for everything when the
// writer's tree is no longer the database's). What is present is therefore current;
// nothing is rebuilt in batch, and nothing goes stale. Each write also notes what it deleted
// (TallyForgetting), so that a reader that a write overtook stores every row that write did not reach.
//
// The rows of one subtree hold together: when a unit's row is present, so are the rows of every unit below
// it that has units below it, and of every other unit below it whose numbers are not all zero (the zero
// leaves, such as an organisation under an indicator about communes, are left out). A write deletes the
// rows of its unit and of every unit above it, so the rule holds after it, and the next read recomputes
// only that chain: the rows of its siblings are still there to be added up.
//
// By concern, in ./tallies/: read.ts answers a request's keys from the rows and walks down the tree for the
// absent ones, compute.ts counts them from the facts, store.ts keeps those no write overtaking their reader
// reached, forget.ts deletes them for the writes, missing.ts lists the units that fall short. The coverage
// (./coverage.ts) reads them, and nothing here reads a coverage.
export { subtreeTallies, type Tally } from './tallies/compute.ts';
export { forgetAllTallies, forgetTallies } from './tallies/forget.ts';
export { missingRows, type MissingRow } from './tallies/missing.ts';
export { keptTally } from './tallies/read.ts';
