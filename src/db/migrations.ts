// Migrations through Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm), driven by
// the same driver adapters as the client. The native schema engine would be downloaded at run time, which
// these machines (and many government intranets) cannot do. The history table is `_prisma_migrations`,
// the one `prisma migrate deploy` uses, so either tool can take over a database from the other.
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { adapterFactory } from './adapter.ts';
import { projectPath, providerOf, readDatamodel, schemaForProvider, type Provider } from './datamodel.ts';

type Engine = glue.SchemaEngine;

let wasmReady = false;

/** Instantiates the WebAssembly module once; the package is built for bundlers, so Node wires it by hand. */
function loadWasm() {
  if (wasmReady) return;
  const gluePath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const module = new WebAssembly.Module(readFileSync(join(dirname(gluePath), 'schema_engine_bg.wasm')));
  const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  wasmReady = true;
}

export function migrationsDirectory(provider: Provider): string {
  return projectPath(`prisma/migrations/${provider}`);
}

/** The migrations folder in the shape the engine expects (what the Prisma CLI reads from disk). */
export function migrationList(provider: Provider): glue.MigrationList {
  const baseDir = migrationsDirectory(provider);
  const lockPath = join(baseDir, 'migration_lock.toml');
  const directories = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: directories.map((path) => ({
      path,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: readFileSync(join(baseDir, path, 'migration.sql'), 'utf8') } },
    })),
  };
}

export function datamodelFiles(provider: Provider): glue.SchemaContainer[] {
  return [{ path: 'schema.prisma', content: schemaForProvider(readDatamodel(), provider) }];
}

async function withEngine<T>(databaseUrl: string, work: (engine: Engine, provider: Provider) => Promise<T>): Promise<T> {
  loadWasm();
  const provider = providerOf(databaseUrl);
  const files = datamodelFiles(provider);
  // The engine never closes the connections it opens: on SQLite one keeps the file locked (exclusive
  // locking mode), on PostgreSQL one holds the migration advisory lock. They are tracked and closed here.
  const factory = adapterFactory(databaseUrl);
  const opened: { dispose(): Promise<void> }[] = [];
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const connection = await connect();
    opened.push(connection);
    return connection;
  };
  const engine = await glue.SchemaEngine.new(
    { datamodels: files.map((file) => [file.path, file.content]) },
    () => {},
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await work(engine, provider);
  } finally {
    engine.free();
    await Promise.all(opened.map((connection) => connection.dispose()));
  }
}

const noFilters = { externalTables: [], externalEnums: [] };

/** Applies the pending migrations of the database's provider; answers the names it applied. */
export function applyMigrations(databaseUrl: string): Promise<string[]> {
  return withEngine(databaseUrl, async (engine, provider) => {
    const output = await engine.applyMigrations({ migrationsList: migrationList(provider), filters: noFilters });
    return output.appliedMigrationNames;
  });
}

/**
 * Applies the migrations, or ends the process (exit code 1) saying what went wrong: the first step of the
 * server and of every command line, where an operator meets a database that does not exist, a server that
 * cannot be reached or a role that is refused. The engine's message, without the WebAssembly stack it
 * comes with; for a database that does not exist, how to create it. `prefix` names the command, as
 * configOrExit's (src/config.ts).
 */
export async function migrateOrExit(databaseUrl: string, prefix: string): Promise<string[]> {
  try {
    return await applyMigrations(databaseUrl);
  } catch (error) {
    const message = error instanceof Error ? error.message.trim() : String(error);
    const missing = /Database `([^`]+)` does not exist/.exec(message)?.[1];
    console.error(
      `${prefix} The database could not be migrated: ${message}${missing ? `\nCreate it first: createdb "${missing}" (docs/going-live.md, step 2), then run this again.` : ''}`,
    );
    process.exit(1);
  }
}

/** Where the datamodel stands as of the newest migration: what the next migration is computed from. */
export const migratedDatamodelPath = projectPath('prisma/migrations/datamodel.prisma');

/**
 * The SQL that takes a database from the migrated datamodel (prisma/migrations/datamodel.prisma, or an
 * empty database) to the current one. Both sides are datamodels, so no database is read: describing a live
 * PostgreSQL schema through the WebAssembly engine and adapter-pg fails on the `"char"` catalog type.
 */
export function pendingMigrationScript(databaseUrl: string): Promise<string> {
  return withEngine(databaseUrl, async (engine, provider) => {
    const from: glue.DiffTarget = existsSync(migratedDatamodelPath)
      ? { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schemaForProvider(readFileSync(migratedDatamodelPath, 'utf8'), provider) }] }
      : { tag: 'empty' };
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: datamodelFiles(provider) },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return result.stdout ?? '';
  });
}
