// The analytics thread's entry (./thread.ts): the tasks the request thread sends, computed on a client of
// this thread's own, with the facts read afresh for each task.
import { createDatabase } from '../db/client.ts';
import { createFacts } from './facts.ts';
import { serveTasks, type Task } from './thread.ts';
import { subtreeTallies } from './tallies/compute.ts';
import { computeKeys } from './tallies/read.ts';

async function answer(task: Task, facts: ReturnType<typeof createFacts>): Promise<unknown> {
  if ((await facts.tree()).version !== task.treeVersion) return null;
  return task.kind === 'rows' ? computeKeys(facts, task.keys, task.startVersion) : subtreeTallies(facts, task);
}

serveTasks((db, task) => answer(task, createFacts(db)), (url) => createDatabase(url));
