// The kept tallies against the numbers computed from the records, on SQLite (tests/support/kept-tallies.ts).
import { describeKeptTallies } from '../support/kept-tallies.ts';

describeKeptTallies('sqlite');
