// A thread for tests/database/threads.test.ts: it answers what it is sent, reports progress, fails as asked, or dies.
import { createDatabase } from '../../src/db/client.ts';
import { InputError } from '../../src/errors.ts';
import { serveTasks } from '../../src/threads.ts';

export type EchoTask = { say: string } | { progress: number } | { refuse: string } | { fail: string } | { die: true };

serveTasks<EchoTask>(async (_db, task, report) => {
  if ('progress' in task) {
    for (let step = 1; step <= task.progress; step++) report(step);
    return 'reported';
  }
  if ('refuse' in task) throw new InputError(task.refuse);
  if ('fail' in task) throw new Error(task.fail);
  if ('die' in task) process.exit(3);
  return task.say;
}, createDatabase);
