// Builds the demo database once per provider for the whole run; test files open clients on them and
// only read. Tests that write build their own small databases with freshDatabase(), or copy the demo's
// template, kept as seeded, with demoCopy().
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../../src/db/client.ts';
import type { Provider } from '../../src/db/datamodel.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { demoTemplate, dropDemoTemplate, freshDatabase, providers, type TestDatabase } from './databases.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    demoDatabases: Record<Provider, string>;
    demoTemplates: Record<Provider, string>;
  }
}

let created: TestDatabase[] = [];
let templates: string[] = [];

export async function setup(project: TestProject) {
  created = await Promise.all(providers.map((provider) => freshDatabase(provider)));
  await Promise.all(
    created.map(async ({ url }) => {
      const db = createDatabase(url);
      await seedDemo(db);
      await db.$disconnect();
    }),
  );
  templates = await Promise.all(created.map((database) => demoTemplate(database)));
  project.provide('demoDatabases', Object.fromEntries(created.map(({ provider, url }) => [provider, url])) as Record<Provider, string>);
  project.provide('demoTemplates', Object.fromEntries(created.map(({ provider }, index) => [provider, templates[index]!])) as Record<Provider, string>);
}

export async function teardown() {
  await Promise.all([...created.map((database) => database.drop()), ...templates.map(dropDemoTemplate)]);
}
