// The storing thread's entry (./store.ts): rows the analytics thread computed, stored on a connection of
// this thread's own while that thread computes the next.
import { createDatabase } from '../../db/client.ts';
import { serveTasks } from '../../threads.ts';
import { store, type Packed } from './store.ts';

serveTasks<{ rows: Packed; startVersion: number }>(
  (db, { rows, startVersion }) => store(db, rows, startVersion),
  (url) => createDatabase(url, { writerBusyMs: 5_000 }),
);
