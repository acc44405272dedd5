// Long work on the request thread, in slices: between two, the event loop turns, and the server answers
// /health, cached answers and other requests. A statement awaited on SQLite's synchronous driver resumes
// in the same turn, so a loop of them holds the loop to its end: a 100,000-row import held it 26 s.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** The items in slices of `size`, the event loop turning before each slice after the first. */
export async function* inTurns<T>(items: T[], size: number): AsyncGenerator<T[]> {
  for (let start = 0; start < items.length; start += size) {
    if (start) await nextTurn();
    yield items.slice(start, start + size);
  }
}
