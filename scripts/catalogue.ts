// The catalogue (fields and indicators) from the command line of the server's machine (docs/going-live.md):
//   npm run catalogue -- list                                  the packages this server carries
//   npm run catalogue -- load DVK_2018_2020 [--dry-run]         a package's fields and indicators, in one step
//   npm run catalogue -- export [FILE]                          every field and indicator as a catalogue file (stdout without FILE)
//   npm run catalogue -- import FILE [--dry-run]                a catalogue file, all of it or nothing
// It works on DATABASE_URL directly (migrating it first), as the operator of the server, and writes as
// --actor (default: the OS user) with source IMPORT. Exit code 0: done (or would be, in a dry run); 1: the
// catalogue has problems, nothing written; 2: wrong command line.
import { readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { argumentsOrExit, configOrExit } from '../src/config.ts';
import { createDatabase } from '../src/db/client.ts';
import { migrateOrExit } from '../src/db/migrations.ts';
import { InputError, InvalidInputError } from '../src/errors.ts';
import { CATALOGUE_PACKAGES, type CataloguePackageCode } from '../src/indicators/catalogue.ts';
import { exportCatalogue, readCatalogueFile, writeCatalogue, type CatalogueSummary } from '../src/indicators/reference.ts';

const usage = 'Usage: npm run catalogue -- list | load PACKAGE [--dry-run] | export [FILE] | import FILE [--dry-run]   [--actor NAME]';

const { values, positionals } = argumentsOrExit(
  { allowPositionals: true, options: { 'dry-run': { type: 'boolean', default: false }, actor: { type: 'string' } } },
  usage,
);
const [command, subject] = positionals;
const config = configOrExit('catalogue:');
const options = { actor: (values.actor ?? userInfo().username).trim() || 'catalogue', source: 'IMPORT' as const, dryRun: values['dry-run'] };

function report(what: string, summary: CatalogueSummary) {
  const counts = (kind: 'fields' | 'indicators') => `${summary[kind].created} created, ${summary[kind].updated} updated, ${summary[kind].unchanged} unchanged`;
  console.log(`${what}: ${summary.dryRun ? 'dry run (nothing written)' : 'loaded'}. Fields: ${counts('fields')}. Indicators: ${counts('indicators')}.`);
}

async function run(): Promise<void> {
  if (command === 'list') {
    for (const [code, { nameVi, nameEn }] of Object.entries(CATALOGUE_PACKAGES)) console.log(`${code}  ${nameVi} / ${nameEn}`);
    return;
  }
  if (!['load', 'export', 'import'].includes(command ?? '')) throw new InputError(`commands: list, load, export, import\n${usage}`);
  await migrateOrExit(config.databaseUrl, 'catalogue:');
  const db = createDatabase(config.databaseUrl);
  try {
    if (command === 'load') {
      if (!subject || !(subject in CATALOGUE_PACKAGES)) throw new InputError(`give a package: ${Object.keys(CATALOGUE_PACKAGES).join(', ')}`);
      report(subject, await writeCatalogue(db, CATALOGUE_PACKAGES[subject as CataloguePackageCode].catalogue, options));
    } else if (command === 'export') {
      const file = await exportCatalogue(db);
      if (subject) await writeFile(subject, file);
      else process.stdout.write(file);
    } else {
      if (!subject) throw new InputError('give the catalogue file to import');
      const content = await readFile(subject, 'utf8').catch((error: Error) => {
        throw new InputError(`cannot read ${subject}: ${error.message}`);
      });
      report(subject, await writeCatalogue(db, readCatalogueFile(content), options));
    }
  } finally {
    await db.$disconnect();
  }
}

let status = 0;
try {
  await run();
} catch (error) {
  if (error instanceof InvalidInputError) {
    for (const problem of error.problems) console.error(`${problem.path.join('.')}: ${problem.message}`);
    console.error('Nothing written.');
    status = 1;
  } else if (error instanceof InputError) {
    console.error(`catalogue: ${error.message}`);
    status = 2;
  } else throw error;
}
// The WebAssembly schema engine leaves a timer that would hold the process ten seconds on PostgreSQL.
process.exit(status);
