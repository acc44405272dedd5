// Prints the GraphQL schema to schema/schema.graphql, and the same schema as the type the web pages' typed
// documents read (web/shared/graphql-env.d.ts, gql.tada's format); with --check, fails when either file is
// out of date (CI runs the check so the committed files always match the code).
import { minifyIntrospection, outputIntrospectionFile } from '@gql.tada/internal';
import { introspectionFromSchema, printSchema } from 'graphql';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { projectPath } from '../src/db/datamodel.ts';
import { schema } from '../src/schema/index.ts';

const files = [
  { path: 'schema/schema.graphql', text: `${printSchema(schema)}\n` },
  {
    path: 'web/shared/graphql-env.d.ts',
    text: outputIntrospectionFile(minifyIntrospection(introspectionFromSchema(schema)), { fileType: '.d.ts', shouldPreprocess: true }),
  },
];

if (process.argv.includes('--check')) {
  const stale = files.filter((file) => !existsSync(projectPath(file.path)) || readFileSync(projectPath(file.path), 'utf8') !== file.text);
  if (stale.length) {
    console.error(`${stale.map((file) => file.path).join(' and ')} out of date: run \`npm run schema:print\` and commit the result.`);
    process.exit(1);
  }
  console.log('schema/schema.graphql and web/shared/graphql-env.d.ts match the code.');
} else {
  mkdirSync(projectPath('schema'), { recursive: true });
  for (const file of files) writeFileSync(projectPath(file.path), file.text);
  console.log(`Wrote ${files.map((file) => file.path).join(' and ')}`);
}
