// How many imports may run at once (src/import/jobs.ts): a few per user, and a few more per server whoever
// starts them, since each holds its file (up to 50 MB) in memory. tests/database/import-jobs.test.ts starts
// real jobs up to the user's limit; the server's is judged here, where no job ends while it is counted.
import { describe, expect, it } from 'vitest';
import { MAX_RUNNING_ON_SERVER, MAX_RUNNING_PER_USER, refusalOf } from '../../src/import/jobs.ts';

/** Running jobs of users 1, 2, …, each with as many as they may have, `count` in all. */
const jobsOf = (count: number) => Array.from({ length: count }, (_, index) => ({ userId: 1 + Math.floor(index / MAX_RUNNING_PER_USER) }));

describe('imports running at once', () => {
  it('lets a user start one below their limit and the server’s', () => {
    expect(refusalOf(jobsOf(MAX_RUNNING_ON_SERVER - 1), 99)).toBeUndefined();
    expect(refusalOf(jobsOf(MAX_RUNNING_PER_USER - 1), 1)).toBeUndefined();
  });

  it('refuses a user at their own limit, in both languages', () => {
    const refusal = refusalOf(jobsOf(MAX_RUNNING_PER_USER), 1);
    expect(refusal?.extensions).toMatchObject({ code: 'RATE_LIMITED', vi: expect.stringContaining(`${MAX_RUNNING_PER_USER} lượt nhập chưa xong`) });
    expect(refusal?.message).toBe(`You have ${MAX_RUNNING_PER_USER} imports running: start another when one has finished.`);
  });

  it('refuses anyone once the server runs as many as it takes, whoever started them', () => {
    expect(MAX_RUNNING_ON_SERVER).toBeGreaterThan(MAX_RUNNING_PER_USER);
    const refusal = refusalOf(jobsOf(MAX_RUNNING_ON_SERVER), 99);
    expect(refusal?.extensions).toMatchObject({ code: 'RATE_LIMITED', vi: expect.stringContaining('Máy chủ đang chạy'), http: { status: 429 } });
    expect(refusal?.message).toMatch(new RegExp(`^The server is running ${MAX_RUNNING_ON_SERVER} imports`));
  });
});
