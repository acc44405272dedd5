// Generates the Prisma clients offline: one for SQLite (the embedded default, whose types the code uses)
// and one for PostgreSQL, both from prisma/schema.prisma. Prisma 7's CLI downloads its schema engine at
// the start of every command; `generate` never uses it, so pointing PRISMA_SCHEMA_ENGINE_BINARY at any
// existing executable skips the download (see shared/notes/toolchain.md).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { projectPath, schemaForProvider } from '../src/db/datamodel.ts';

const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false',
  CHECKPOINT_DISABLE: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};

function generate(schemaPath: string) {
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', schemaPath, '--no-hints'], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

generate(projectPath('prisma/schema.prisma'));

// The PostgreSQL client differs only in its provider and output; the Pothos types come from the SQLite run.
const postgresSchema = projectPath('src/generated/schema.postgresql.prisma');
mkdirSync(projectPath('src/generated'), { recursive: true });
writeFileSync(postgresSchema, schemaForProvider(readFileSync(projectPath('prisma/schema.prisma'), 'utf8'), 'postgresql', { clientOnly: true }));
generate(postgresSchema);
