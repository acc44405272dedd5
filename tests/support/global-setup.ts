// Gives every test file the demo database, one per provider for the whole run; test files open clients on
// them and only read. Tests that write build their own small databases with freshDatabase(), or copy the
// demo's template, kept as seeded, with demoCopy().
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { sourcesDigest } from '../../scripts/sources-digest.ts';
import { createDatabase } from '../../src/db/client.ts';
import type { Provider } from '../../src/db/datamodel.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { demoTemplate, emptyDatabase, providers, type TestDatabase } from './databases.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    demoDatabases: Record<Provider, string>;
    demoTemplates: Record<Provider, string>;
  }
}

/**
 * A digest of everything the seeded demo follows from: the sources (the generated client follows from
 * prisma/), the migrations, the locked dependencies and this support code. The same digest, the same demo.
 */
const demoDigest = () => sourcesDigest(['src', 'prisma', 'tests/support', 'package-lock.json'], { except: [join('src', 'generated')] });

async function seed(url: string) {
  const db = createDatabase(url);
  await seedDemo(db);
  await db.$disconnect();
}

interface Demo {
  databases: TestDatabase[];
  /** What the test files get: the demo database of each provider, and the template demoCopy copies. */
  provided: { demoDatabases: Record<Provider, string>; demoTemplates: Record<Provider, string> };
}

/**
 * The database and browser projects share one demo: their setups run at once in this process, and two
 * migrations at once in it break Prisma's schema engine (one WebAssembly instance). The first setup
 * prepares it, the other waits for the same; the last teardown drops it.
 */
const shared = globalThis as { dvkDemo?: Promise<Demo>; dvkDemoUsers?: number };

async function prepareDemo(): Promise<Demo> {
  const digest = demoDigest();
  const templates = await Promise.all(providers.map((provider) => demoTemplate(provider, digest, seed)));
  const databases = await Promise.all(providers.map((provider, index) => emptyDatabase(provider, templates[index])));
  const byProvider = (urls: string[]) => Object.fromEntries(providers.map((provider, index) => [provider, urls[index]!])) as Record<Provider, string>;
  return { databases, provided: { demoDatabases: byProvider(databases.map(({ url }) => url)), demoTemplates: byProvider(templates) } };
}

export async function setup(project: TestProject) {
  shared.dvkDemoUsers = (shared.dvkDemoUsers ?? 0) + 1;
  shared.dvkDemo ??= prepareDemo();
  const { provided } = await shared.dvkDemo;
  project.provide('demoDatabases', provided.demoDatabases);
  project.provide('demoTemplates', provided.demoTemplates);
}

export async function teardown() {
  shared.dvkDemoUsers = (shared.dvkDemoUsers ?? 1) - 1;
  if (shared.dvkDemoUsers > 0 || !shared.dvkDemo) return;
  const { databases } = await shared.dvkDemo;
  delete shared.dvkDemo;
  await Promise.all(databases.map((database) => database.drop()));
}
