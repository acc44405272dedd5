// Counting per key in one-minute windows, for the API's rate limit and for failed sign-ins.

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

  /** The seconds to wait if the key has used its window up, else 0; counts nothing. */
  waitFor(key: string, now = Date.now()): number {
    this.roll(now);
    return (this.counts.get(key) ?? 0) >= this.perMinute ? this.secondsLeft(now) : 0;
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
