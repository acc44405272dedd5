// One Prisma client per process, over the driver adapter the DATABASE_URL calls for. Both generated
// clients come from the same datamodel; the code is typed against the SQLite one, whose API is the common
// subset (PostgreSQL only adds options such as `mode: 'insensitive'`, which the code does not use).
import { PrismaClient as PostgresClient } from '../generated/postgresql/client.ts';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client.ts';
import { adapterFactory } from './adapter.ts';
import { providerOf, type Provider } from './datamodel.ts';

/** The client type the code uses. Query events are on so that tests and benchmarks can count statements. */
export type Database = SqliteClient<'query'>;

const providers = new WeakMap<Database, Provider>();

export function createDatabase(databaseUrl: string): Database {
  const options = { adapter: adapterFactory(databaseUrl), log: [{ emit: 'event' as const, level: 'query' as const }] };
  const provider = providerOf(databaseUrl);
  const db = provider === 'sqlite' ? new SqliteClient(options) : (new PostgresClient(options) as unknown as Database);
  providers.set(db, provider);
  return db;
}

/** The provider behind a client, for the rare statement the two databases write differently. */
export function providerOfDatabase(db: Database): Provider {
  return providers.get(db) ?? 'sqlite';
}
