// Counting per key in one-minute windows, for the API's rate limit and for sign-in attempts. The count and
// its check are one synchronous step, so requests in parallel cannot all pass the same check.

/** Fixed one-minute windows per key: simple, and enough to stop one client from starving the others. */
export class RateWindows {
  private windowStart = 0;
  private counts = new Map<string, number>();
  constructor(private readonly perMinute: number) {}

  /** Counts one for the key; answers the seconds to wait, or 0 when it may go ahead. */
  take(key: string, now = Date.now()): number {
    this.roll(now);
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count > this.perMinute ? this.secondsLeft(now) : 0;
  }

  /**
   * Uncounts one that `take` counted at `takenAt`, unless the window has rolled since: the new window never
   * counted it, and must not start lower.
   */
  giveBack(key: string, takenAt: number, now = Date.now()): void {
    this.roll(now);
    const count = this.counts.get(key) ?? 0;
    if (takenAt >= this.windowStart && count > 0) this.counts.set(key, count - 1);
  }

  private roll(now: number): void {
    if (now - this.windowStart < 60_000) return;
    this.windowStart = now;
    this.counts.clear();
  }

  private secondsLeft(now: number): number {
    return Math.ceil((this.windowStart + 60_000 - now) / 1000);
  }
}
