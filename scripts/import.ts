// Imports a spreadsheet (CSV or XLSX) into DATABASE_URL, in one transaction:
//   npm run import -- FILE [--kind plans|satisfaction-surveys|new-rural-statuses|evaluations|models|units] [--dry-run] [--actor NAME]
// Writes as --actor (default: the OS user) with source IMPORT. Exit code 0 when the file was imported (or
// would be, in a dry run), 1 when it has problems (nothing written), 2 for a wrong command line.
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import cliProgress from 'cli-progress';
import { argumentsOrExit, configOrExit } from '../src/config.ts';
import { createFacts } from '../src/analytics/facts.ts';
import { createDatabase } from '../src/db/client.ts';
import { importSpreadsheet, KIND_SLUGS, kindFromSlug, type ImportStage } from '../src/import/index.ts';

const usage = `Usage: npm run import -- FILE [--kind ${Object.values(KIND_SLUGS).join('|')}] [--dry-run] [--actor NAME]`;

const { values, positionals } = argumentsOrExit(
  {
    allowPositionals: true,
    options: { kind: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, actor: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  },
  usage,
);
if (values.help || positionals.length !== 1) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}
const kind = values.kind === undefined ? undefined : kindFromSlug(values.kind);
if (values.kind !== undefined && !kind) {
  console.error(`Unknown kind "${values.kind}".\n${usage}`);
  process.exit(2);
}
const file = positionals[0]!;
let bytes: Uint8Array;
try {
  bytes = new Uint8Array(await readFile(file));
} catch (error) {
  console.error(`Cannot read ${file}: ${(error as Error).message}`);
  process.exit(2);
}

const actor = (values.actor ?? userInfo().username).trim() || 'import';
const db = createDatabase(configOrExit('import:').databaseUrl);
const tty = process.stderr.isTTY;
const bar = new cliProgress.SingleBar(
  { format: '{stage} [{bar}] {percentage}% | {value}/{total} rows', hideCursor: true, clearOnComplete: true, stream: process.stderr },
  cliProgress.Presets.shades_classic,
);
let shown: ImportStage | undefined;
let tenths = 0;
const labels: Record<ImportStage, string> = { reading: 'Đọc tệp / reading', checking: 'Kiểm tra / checking', writing: 'Ghi / writing', done: 'Xong / done' };
const onProgress = (stage: ImportStage, done: number, total: number) => {
  if (stage !== shown) {
    if (shown && tty) bar.stop();
    shown = stage;
    tenths = 0;
    if (stage === 'done') return;
    // With a terminal, a bar; without one (a log), a line when a stage starts and at each tenth of it.
    if (tty) bar.start(total, done, { stage: labels[stage].padEnd(20) });
    else console.error(`${labels[stage]}: ${total} rows`);
  } else if (tty) bar.update(done);
  else if (total > 0 && Math.floor((10 * done) / total) > tenths) {
    tenths = Math.floor((10 * done) / total);
    console.error(`${labels[stage]}: ${done}/${total} rows`);
  }
};

try {
  const summary = await importSpreadsheet(db, bytes, { kind, dryRun: values['dry-run'], actor, onProgress, tree: createFacts(db).tree });
  if (tty) bar.stop();
  for (const problem of summary.problems) {
    const where = `dòng/row ${problem.row}${problem.column ? `, cột/column "${problem.column}"` : ''}${problem.value ? `, giá trị/value "${problem.value}"` : ''}`;
    console.log(`${where}: ${problem.messageVi} / ${problem.messageEn}`);
  }
  const verb = summary.problems.length ? 'NOT imported (nothing written)' : summary.dryRun ? 'dry run (nothing written)' : 'imported';
  console.log(
    `${file}: ${verb}. Kind ${summary.kind ?? '?'} (${summary.format}); rows read ${summary.rowsRead}, created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, problems ${summary.problems.length}.`,
  );
  process.exitCode = summary.problems.length ? 1 : 0;
} finally {
  await db.$disconnect();
}
