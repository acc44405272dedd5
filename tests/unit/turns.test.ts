// Work on the request thread in turns (src/turns.ts): an operation's fields wait for the event loop to turn
// once it has held the thread a slice, all for the same turn, and a loader's batch is not split by one.
import DataLoader from 'dataloader';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { SLICE_MS, Turns } from '../../src/turns.ts';

/** Holds the thread, as a field's synchronous work does. */
function hold(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('work in turns', () => {
  it('goes on at once within a slice, then waits for one turn of the event loop that every waiting piece shares', async () => {
    const turns = new Turns();
    expect(turns.due()).toBeUndefined();
    // What the loop has waiting (an answer to /health; here a callback queued during the hold) runs before the work goes on.
    const order: string[] = [];
    setImmediate(() => order.push('other request'));
    hold(SLICE_MS + 1);
    const first = turns.due();
    expect(first).toBeInstanceOf(Promise);
    expect(turns.due()).toBe(first);
    await first!.then(() => order.push('work'));
    expect(order).toEqual(['other request', 'work']);
    expect(turns.due()).toBeUndefined();
  });

  it('sends a batch once no piece of the work waits for a turn: the loads of one level go in one batch', async () => {
    const batches: number[][] = [];
    const load = async (turns?: Turns) => {
      const loader = new DataLoader<number, number>(async (keys) => {
        batches.push([...keys]);
        return keys.map((key) => key * 2);
      }, turns && { batchScheduleFn: turns.batchSchedule });
      const work = turns ?? new Turns();
      // A level of three fields, resolved in one pass; the turn falls due after the first.
      const fields = [1, 2, 3].map((key, index) => {
        if (index === 1) hold(SLICE_MS + 1);
        const turn = work.due();
        return turn ? turn.then(() => loader.load(key)) : loader.load(key);
      });
      return Promise.all(fields);
    };
    expect(await load(new Turns())).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
    // DataLoader's own schedule sends the first field's load before the turn: two batches, two statements.
    batches.length = 0;
    expect(await load()).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1], [2, 3]]);
    await nextTurn();
  });
});
