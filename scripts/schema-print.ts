// Prints the GraphQL schema to schema/schema.graphql; with --check, fails when the file is out of date
// (CI runs the check so the committed SDL always matches the code).
import { printSchema } from 'graphql';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { projectPath } from '../src/db/datamodel.ts';
import { schema } from '../src/schema/index.ts';

const target = projectPath('schema/schema.graphql');
const printed = `${printSchema(schema)}\n`;

if (process.argv.includes('--check')) {
  if (!existsSync(target) || readFileSync(target, 'utf8') !== printed) {
    console.error('schema/schema.graphql is out of date: run `npm run schema:print` and commit the result.');
    process.exit(1);
  }
  console.log('schema/schema.graphql matches the code.');
} else {
  mkdirSync(projectPath('schema'), { recursive: true });
  writeFileSync(target, printed);
  console.log('Wrote schema/schema.graphql');
}
