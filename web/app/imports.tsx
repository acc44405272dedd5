// Spreadsheet import: a CSV or XLSX file of one kind of records, checked first (a dry run: every problem in a
// table by row and column, nothing written), then imported on confirmation, all rows or none
// (startImport, docs/import.md). The server runs each import as a job: the screen shows how far it is, and
// the user may leave and come back to the list of recent imports, their outcomes kept. The kind's template
// and the area's records download from here.
import { useEffect, useState } from 'preact/hooks';
import { TREE_KEEPERS } from '../../src/access/roles.ts';
import type { ImportKind as Kind } from '../../src/import/index.ts';
import { ApiError } from '../shared/api.ts';
import { download } from '../shared/csv.ts';
import { formatMoment, formatNumber, type Lang } from '../shared/format.ts';
import { graphql, type ResultOf } from '../shared/graphql.ts';
import { request, type SessionUser, upload } from '../shared/session.ts';
import { DataTable } from './table.tsx';
import { w, type Word } from './words.ts';

/** The kinds a user may import: the records for every writer, the tree for its keepers, fields for whole-country administrators. */
function kindsFor(user: SessionUser): Kind[] {
  const kinds: Kind[] = ['PLANS', 'MODELS', 'EVALUATIONS', 'SATISFACTION_SURVEYS', 'NEW_RURAL_STATUSES'];
  if (TREE_KEEPERS.includes(user.role)) kinds.push('UNITS');
  if (user.role === 'ADMIN' && !user.unit) kinds.push('FIELDS');
  return kinds;
}

/** The kind's name in file names, as the templates are named (src/import/columns.ts KIND_SLUGS). */
const slugOf = (kind: Kind) => kind.toLowerCase().replace(/_/g, '-');

/** What the screen shows of an import left running on the server (startImport's ImportJob, src/import/jobs.ts). */
const JOB = graphql(`
  fragment ImportJobShown on ImportJob {
    id kind fileName dryRun status stage done total startedAt error { code message messageVi }
    summary { dryRun written rowsRead created updated unchanged problems { row column value messageVi messageEn } }
  }
`);
const START = graphql(
  `mutation StartImport($kind: ImportKind!, $file: File!, $dryRun: Boolean) { startImport(kind: $kind, file: $file, dryRun: $dryRun) { ...ImportJobShown } }`,
  [JOB],
);
const JOBS = graphql(`query ImportJobs { importJobs(first: 10) { ...ImportJobShown } }`, [JOB]);
const TEMPLATE = graphql(`query ImportTemplate($kind: ImportKind!) { csv: importTemplate(kind: $kind) }`);
const EXPORT = graphql(`query ExportSpreadsheet($kind: ImportKind!) { csv: exportSpreadsheet(kind: $kind) }`);

type Job = ResultOf<typeof JOBS>['importJobs'][number];
type Result = NonNullable<Job['summary']>;

/** While an import runs, the list is asked again this often. */
const POLL_MS = 1000;

export function ImportScreen({ lang, user }: { lang: Lang; user: SessionUser }) {
  const kinds = kindsFor(user);
  const [kind, setKind] = useState<Kind>(kinds[0]!);
  const [file, setFile] = useState<File | null>(null);
  // The user's recent imports, newest first: the server runs them, this screen follows them.
  const [jobs, setJobs] = useState<Job[]>([]);
  // The import whose outcome is shown, and the clean check of the chosen file, which may be confirmed.
  const [shown, setShown] = useState<string | null>(null);
  const [checked, setChecked] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const refresh = () =>
    request(JOBS, {}).then(
      ({ importJobs }) => setJobs(importJobs),
      () => {},
    );
  useEffect(() => void refresh(), []);
  const running = jobs.some((job) => job.status === 'RUNNING');
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [running]);

  const job = jobs.find((candidate) => candidate.id === shown);
  const result = job?.status === 'DONE' ? job.summary : null;
  // A file checked without a problem may be imported; choosing another file or kind asks for a new check.
  const checkedClean = job !== undefined && job.id === checked && result !== null && result.problems.length === 0;

  function choose(change: () => void) {
    change();
    setShown(null);
    setChecked(null);
    setFailure(null);
  }

  async function send(dryRun: boolean) {
    if (!file) return setFailure(w('importNoFile', lang));
    setFailure(null);
    setSending(true);
    try {
      const { startImport } = await upload(START, { kind, dryRun }, file);
      setJobs((earlier) => [startImport, ...earlier]);
      setShown(startImport.id);
      setChecked(dryRun ? startImport.id : null);
    } catch (error) {
      setFailure(error instanceof ApiError ? error.in(lang) : w('appFailed', lang));
    } finally {
      setSending(false);
    }
  }

  async function fetchCsv(query: typeof TEMPLATE | typeof EXPORT, name: string) {
    const answer = await request(query, { kind }).catch(() => undefined);
    // The server's CSV carries the BOM Excel needs.
    if (answer) download(name, answer.csv);
  }

  const alarming = failure !== null || job?.status === 'FAILED' || job?.status === 'INTERRUPTED' || Boolean(result?.problems.length);
  return (
    <>
      <h1>{w('appImport', lang)}</h1>
      <p class="screen-intro">{w('importIntro', lang)}</p>
      <form class="panel" aria-label={w('appImport', lang)} onSubmit={(event) => event.preventDefault()}>
        <div class="field-row">
          <div class="field">
            <label for="import-kind">{w('importKind', lang)}</label>
            <select id="import-kind" value={kind} onChange={(event) => choose(() => setKind(event.currentTarget.value as Kind))}>
              {kinds.map((option) => (
                <option value={option}>{w(`kind_${option}` as Word, lang)}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="import-file">{w('importFile', lang)}</label>
            <input
              id="import-file"
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(event) => {
                const chosen = event.currentTarget.files?.[0] ?? null;
                choose(() => setFile(chosen));
              }}
            />
          </div>
        </div>
        <div class="button-row">
          <button type="button" class="button" disabled={sending || job?.status === 'RUNNING'} onClick={() => void send(true)}>
            {w('importCheck', lang)}
          </button>
          <button type="button" class="button" disabled={sending || !checkedClean} onClick={() => void send(false)}>
            {w('importConfirm', lang)}
          </button>
          <button type="button" class="button-link" onClick={() => void fetchCsv(TEMPLATE, `${slugOf(kind)}.csv`)}>
            {w('importTemplate', lang)}
          </button>
          <button type="button" class="button-link" onClick={() => void fetchCsv(EXPORT, `${slugOf(kind)}-${user.unit?.code ?? 'VN'}.csv`)}>
            {w('importExport', lang)}
          </button>
        </div>
        <p class={`form-outcome ${alarming ? 'form-outcome-failed' : result?.written ? 'form-outcome-saved' : ''}`} role={alarming ? 'alert' : 'status'}>
          {failure ?? (job ? outcome(job, lang) : '')}
        </p>
        {job?.status === 'RUNNING' ? (
          <>
            <progress class="import-progress" max={job.total || 1} value={job.done} aria-label={stageWords(job, lang)} />
            <p class="form-hint">{w('importLeave', lang)}</p>
          </>
        ) : null}
      </form>
      {result?.problems.length ? <ProblemTable lang={lang} problems={result.problems} /> : null}
      {jobs.length ? <JobTable lang={lang} jobs={jobs} shown={shown} show={setShown} /> : null}
    </>
  );
}

/** What a running import is doing, and how far it is. */
function stageWords(job: Job, lang: Lang): string {
  if (job.stage === 'CHECKING' || job.stage === 'WRITING') {
    return w(job.stage === 'WRITING' ? 'importWritingRows' : 'importCheckingRows', lang, {
      done: formatNumber(job.done, lang),
      total: formatNumber(job.total, lang),
    });
  }
  return w(job.dryRun ? 'importChecking' : 'importWriting', lang);
}

/** What became of an import, in a sentence. */
function outcome(job: Job, lang: Lang): string {
  if (job.status === 'RUNNING') return stageWords(job, lang);
  if (job.status === 'INTERRUPTED') return w('importInterrupted', lang);
  if (job.status === 'FAILED' || !job.summary) return (lang === 'vi' && job.error?.messageVi) || job.error?.message || w('appFailed', lang);
  const summary = job.summary;
  if (summary.problems.length) return w('importHasProblems', lang, { n: summary.problems.length });
  return w(summary.written ? 'importDone' : 'importChecked', lang, {
    rows: summary.rowsRead,
    created: summary.created,
    updated: summary.updated,
    unchanged: summary.unchanged,
  });
}

/** The user's recent imports, kept by the server: each one's outcome can be shown again. */
function JobTable({ lang, jobs, shown, show }: { lang: Lang; jobs: Job[]; shown: string | null; show: (id: string) => void }) {
  return (
    <section class="panel" aria-labelledby="jobs-heading">
      <h2 id="jobs-heading">{w('importRecent', lang)}</h2>
      <DataTable lang={lang} headings={['importStarted', 'importFileName', 'importKind', 'importOutcome']} data-import-jobs>
        {jobs.map((job) => (
          <tr aria-current={job.id === shown ? 'true' : undefined}>
            <td>
              <time dateTime={job.startedAt}>{formatMoment(job.startedAt, lang)}</time>
            </td>
            <td>{job.fileName}</td>
            <td>
              {w(`kind_${job.kind}` as Word, lang)} · {w(job.dryRun ? 'importCheckOnly' : 'importWrite', lang)}
            </td>
            <td>
              {outcome(job, lang)}{' '}
              {job.id === shown ? null : (
                <button type="button" class="button-link" onClick={() => show(job.id)}>
                  {w('importShow', lang)}
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function ProblemTable({ lang, problems }: { lang: Lang; problems: Result['problems'] }) {
  return (
    <section class="panel" aria-labelledby="problems-heading">
      <h2 id="problems-heading">{w('importProblems', lang)}</h2>
      <DataTable lang={lang} headings={['importRow', 'importColumn', 'importValue', 'importMessage']} data-import-problems>
        {problems.map((problem) => (
          <tr>
            <td>{problem.row}</td>
            <td>{problem.column ?? ''}</td>
            <td>{problem.value ?? ''}</td>
            <td>{lang === 'vi' ? problem.messageVi : problem.messageEn}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
