// The datamodel file and its per-provider variants. prisma/schema.prisma names SQLite; PostgreSQL shares
// every model and differs only in the datasource provider, so its variant is derived, never hand-kept.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Provider = 'sqlite' | 'postgresql';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export function projectPath(relative: string): string {
  return projectRoot + relative;
}

export function readDatamodel(): string {
  return readFileSync(projectPath('prisma/schema.prisma'), 'utf8');
}

/**
 * The datamodel for a provider. With `clientOnly`, only the Prisma client generator is kept and it writes
 * next to the derived file, which scripts/prisma-generate.ts puts in src/generated/.
 */
export function schemaForProvider(datamodel: string, provider: Provider, options: { clientOnly?: boolean } = {}): string {
  let schema = datamodel.replace(/(datasource db \{[^}]*provider\s*=\s*)"[^"]+"/, `$1"${provider}"`);
  if (options.clientOnly) {
    schema = schema.replace(/generator pothos \{[^}]*\}\n/, '').replace(/(generator client \{[^}]*output\s*=\s*)"[^"]+"/, `$1"./${provider}"`);
  }
  return schema;
}

export function providerOf(databaseUrl: string): Provider {
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql';
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got "${databaseUrl.split(':')[0]}:…"`);
}
