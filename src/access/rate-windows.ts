// Counting per key in one-minute windows, for the API's rate limit and for sign-in attempts. The count and
// its check are one synchronous step, so requests in parallel cannot all pass the same check.

const MINUTE = 60_000;

/**
 * A one-minute window per key, from the key's first count: simple, and enough to stop one client from
 * starving the others. Windows started together for all keys rolled at one moment for every key: ten wrong
 * passwords just before it and ten just after went through in a few seconds.
 */
export class RateWindows {
  private windows = new Map<string, { start: number; count: number }>();
  private swept = 0;
  constructor(private readonly perMinute: number) {}

  /** Counts one for the key; answers the seconds to wait, or 0 when it may go ahead. */
  take(key: string, now = Date.now()): number {
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || now - window.start >= MINUTE) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    return window.count > this.perMinute ? Math.ceil((window.start + MINUTE - now) / 1000) : 0;
  }

  /**
   * Uncounts one that `take` counted at `takenAt`, unless the key's window has rolled since: the new window
   * never counted it, and must not start lower.
   */
  giveBack(key: string, takenAt: number, now = Date.now()): void {
    const window = this.windows.get(key);
    if (window && takenAt >= window.start && now - window.start < MINUTE && window.count > 0) window.count--;
  }

  /** Once a minute, the windows that are over are forgotten: the map holds the keys of the last two minutes at most. */
  private sweep(now: number): void {
    if (now - this.swept < MINUTE) return;
    this.swept = now;
    for (const [key, window] of this.windows) if (now - window.start >= MINUTE) this.windows.delete(key);
  }
}
