// The analytics thread's entry (./thread.ts): the tasks the request thread sends, computed on a client of
// this thread's own, with the facts read afresh for each task.
import { createDatabase } from '../db/client.ts';
import { createFacts, heldTreeVersion } from './facts.ts';
import { serveTasks } from '../threads.ts';
import type { Task } from './thread.ts';
import { subtreeTallies } from './tallies/compute.ts';
import { computeKeys } from './tallies/read.ts';

async function answer(task: Task, facts: ReturnType<typeof createFacts>): Promise<unknown> {
  if ((await facts.tree()).version !== task.treeVersion) return null;
  return task.kind === 'rows' ? computeKeys(facts, task.keys, task.startVersion) : subtreeTallies(facts, task);
}

// The thread holding the task's tree has nothing to read to know it: the data version is the request's
// concern (it passes it, for storing), and the tree's is the task's.
serveTasks<Task>(
  (db, task) => {
    const known = heldTreeVersion(db) === task.treeVersion;
    return answer(task, known ? createFacts(db, async () => ({ version: -1, treeVersion: task.treeVersion })) : createFacts(db));
  },
  (url) => createDatabase(url, { writerBusyMs: 5_000 }),
);
