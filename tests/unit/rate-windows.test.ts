// The one-minute windows of the rate limit and of sign-in attempts (src/access/rate-windows.ts), on a
// clock the test sets.
import { describe, expect, it } from 'vitest';
import { RateWindows } from '../../src/access/rate-windows.ts';

describe('rate windows', () => {
  it('counts each key’s minute from its first count, whenever another key’s began', () => {
    const windows = new RateWindows(2);
    expect(windows.take('early', 0)).toBe(0);
    // A key first counted near the end of another's minute still has its whole minute.
    expect([windows.take('late', 59_000), windows.take('late', 59_500)]).toEqual([0, 0]);
    expect(windows.take('late', 61_000)).toBe(58);
    expect(windows.take('late', 118_999)).toBe(1);
    expect(windows.take('late', 119_000)).toBe(0);
    expect(windows.take('early', 61_000)).toBe(0);
  });

  it('gives back a count only within the window that took it', () => {
    const windows = new RateWindows(1);
    expect(windows.take('name', 1_000)).toBe(0);
    windows.giveBack('name', 1_000, 2_000);
    expect(windows.take('name', 3_000)).toBe(0);
    expect(windows.take('name', 4_000)).toBe(57);
    // Taken in the window before: the new window never counted it.
    expect(windows.take('name', 61_000)).toBe(0);
    windows.giveBack('name', 4_000, 62_000);
    expect(windows.take('name', 63_000)).toBe(58);
  });
});
