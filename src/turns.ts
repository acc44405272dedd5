// Long work on the request thread, in slices: between two, the event loop turns, and the server answers
// /health, cached answers and other requests. A statement awaited on SQLite's synchronous driver resumes
// in the same turn, so a loop of them holds the loop to its end: a 100,000-row import held it 26 s.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';

/** The items in slices of `size`, the event loop turning before each slice after the first. */
export async function* inTurns<T>(items: T[], size: number): AsyncGenerator<T[]> {
  for (let start = 0; start < items.length; start += size) {
    if (start) await nextTurn();
    yield items.slice(start, start + size);
  }
}

/** How long a request's work holds the thread before the event loop turns. */
export const SLICE_MS = 10;

/**
 * A request's work on the request thread, taking turns with the rest of the server: its fields ask `due()`
 * before they resolve, and once it has held the thread a slice since its last turn, every one of them waits
 * for the same next turn (had each its own, they would all resume in one phase of the loop, as one hold).
 */
export class Turns {
  private since = performance.now();
  private next: Promise<void> | undefined;

  /** The turn to wait for, or nothing: the work goes on at once. */
  due(): Promise<void> | undefined {
    if (this.next) return this.next;
    if (performance.now() - this.since < SLICE_MS) return undefined;
    this.next = nextTurn().then(() => {
      this.since = performance.now();
      this.next = undefined;
    });
    return this.next;
  }

  /**
   * DataLoader's `batchScheduleFn`: a batch is sent once the promise jobs are done, as by default, and no
   * field of the work waits for a turn. The fields of one level are resolved in one pass; split by a turn,
   * without this their loads would go in two batches, two statements where there was one.
   */
  readonly batchSchedule = (dispatch: () => void): void => {
    const settle = () => {
      if (this.next) void this.next.then(() => afterPromiseJobs(settle));
      else dispatch();
    };
    afterPromiseJobs(settle);
  };
}

/** Once the promise jobs queued until now have run, as DataLoader schedules its batches by default. */
function afterPromiseJobs(run: () => void): void {
  void Promise.resolve().then(() => process.nextTick(run));
}
