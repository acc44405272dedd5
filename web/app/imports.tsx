// Spreadsheet import: a CSV or XLSX file of one kind of records, checked first (a dry run: every problem in a
// table by row and column, nothing written), then imported on confirmation, all rows or none
// (importSpreadsheet, docs/import.md). The kind's template and the area's records download from here.
import { useState } from 'preact/hooks';
import { TREE_KEEPERS } from '../../src/access/roles.ts';
import type { ImportKind as Kind, ImportSummary } from '../../src/import/index.ts';
import { ApiError } from '../shared/api.ts';
import { download } from '../shared/csv.ts';
import type { Lang } from '../shared/format.ts';
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

/** What the screen asks of an import's answer (importSpreadsheet's ImportSummary, src/import/index.ts). */
type Result = Omit<ImportSummary, 'kind' | 'format'>;

const IMPORT = `mutation($kind: ImportKind!, $file: File!, $dryRun: Boolean) {
  importSpreadsheet(kind: $kind, file: $file, dryRun: $dryRun) {
    dryRun written rowsRead created updated unchanged problems { row column value messageVi messageEn }
  }
}`;

type State = { step: 'idle' | 'checking' | 'writing' } | { step: 'failed'; message: string } | { step: 'checked' | 'done'; result: Result };

export function ImportScreen({ lang, user }: { lang: Lang; user: SessionUser }) {
  const kinds = kindsFor(user);
  const [kind, setKind] = useState<Kind>(kinds[0]!);
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<State>({ step: 'idle' });
  // A file checked without a problem may be imported; choosing another file or kind asks for a new check.
  const checkedClean = state.step === 'checked' && state.result.problems.length === 0;

  async function send(dryRun: boolean) {
    if (!file) return setState({ step: 'failed', message: w('importNoFile', lang) });
    setState({ step: dryRun ? 'checking' : 'writing' });
    try {
      const { importSpreadsheet } = await upload<{ importSpreadsheet: Result }>(IMPORT, { kind, dryRun }, file);
      setState({ step: dryRun ? 'checked' : 'done', result: importSpreadsheet });
    } catch (error) {
      setState({ step: 'failed', message: error instanceof ApiError ? (lang === 'vi' && error.vi) || error.message : w('appFailed', lang) });
    }
  }

  async function fetchCsv(query: string, name: string) {
    const answer = await request<Record<string, string>>(query, { kind }).catch(() => undefined);
    // The server's CSV carries the BOM Excel needs.
    if (answer) download(name, Object.values(answer)[0]!);
  }

  const result = state.step === 'checked' || state.step === 'done' ? state.result : undefined;
  return (
    <>
      <h1>{w('appImport', lang)}</h1>
      <p class="screen-intro">{w('importIntro', lang)}</p>
      <form class="panel" aria-label={w('appImport', lang)} onSubmit={(event) => event.preventDefault()}>
        <div class="field-row">
          <div class="field">
            <label for="import-kind">{w('importKind', lang)}</label>
            <select
              id="import-kind"
              value={kind}
              onChange={(event) => {
                setKind(event.currentTarget.value as Kind);
                setState({ step: 'idle' });
              }}
            >
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
                setFile(event.currentTarget.files?.[0] ?? null);
                setState({ step: 'idle' });
              }}
            />
          </div>
        </div>
        <div class="button-row">
          <button type="button" class="button" disabled={state.step === 'checking' || state.step === 'writing'} onClick={() => void send(true)}>
            {w('importCheck', lang)}
          </button>
          <button type="button" class="button" disabled={!checkedClean} onClick={() => void send(false)}>
            {w('importConfirm', lang)}
          </button>
          <button
            type="button"
            class="button-link"
            onClick={() => void fetchCsv('query($kind: ImportKind!) { importTemplate(kind: $kind) }', `${slugOf(kind)}.csv`)}
          >
            {w('importTemplate', lang)}
          </button>
          <button
            type="button"
            class="button-link"
            onClick={() => void fetchCsv('query($kind: ImportKind!) { exportSpreadsheet(kind: $kind) }', `${slugOf(kind)}-${user.unit?.code ?? 'VN'}.csv`)}
          >
            {w('importExport', lang)}
          </button>
        </div>
        <p class={`form-outcome form-outcome-${state.step}`} role={state.step === 'failed' || result?.problems.length ? 'alert' : 'status'}>
          {state.step === 'checking'
            ? w('importChecking', lang)
            : state.step === 'writing'
              ? w('importWriting', lang)
              : state.step === 'failed'
                ? state.message
                : result
                  ? result.problems.length
                    ? w('importHasProblems', lang, { n: result.problems.length })
                    : w(result.written ? 'importDone' : 'importChecked', lang, {
                        rows: result.rowsRead,
                        created: result.created,
                        updated: result.updated,
                        unchanged: result.unchanged,
                      })
                  : ''}
        </p>
      </form>
      {result?.problems.length ? <ProblemTable lang={lang} problems={result.problems} /> : null}
    </>
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
