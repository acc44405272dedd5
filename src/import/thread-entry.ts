// The import thread's entry (./index.ts): each import the request thread sends, run here on a client of
// this thread's own, its area judged on the tree as this thread reads it.
import { Scope } from '../access/scope.ts';
import { createFacts } from '../analytics/facts.ts';
import { createDatabase } from '../db/client.ts';
import { serveTasks } from '../threads.ts';
import { importSpreadsheet, type ImportTask } from './index.ts';

serveTasks<ImportTask>(
  (db, { bytes, options, area }, report) => {
    const { tree } = createFacts(db);
    return importSpreadsheet(db, bytes, { ...options, tree, scope: area && new Scope(area.root, tree), onProgress: (...progress) => report(progress) });
  },
  // The thread may sleep waiting for another connection's write lock: nothing else waits on it.
  (url) => createDatabase(url, { writerBusyMs: 5_000 }),
);
