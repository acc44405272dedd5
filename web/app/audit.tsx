// The audit log (nhật ký thay đổi): every write to the records in the reader's area, newest first, filtered
// by who, what, which unit's subtree and which days; each entry shows the fields its write changed.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../shared/api.ts';
import { formatMoment, type Lang } from '../shared/format.ts';
import { graphql, type ResultOf } from '../shared/graphql.ts';
import { request } from '../shared/session.ts';
import { w, type Word } from './words.ts';

/** The record types the log files, with their names (entity in src/entry/write.ts's changes). */
const ENTITIES = [
  'Model',
  'Evaluation',
  'Award',
  'Plan',
  'SatisfactionSurvey',
  'NewRuralStatus',
  'Unit',
  'UnitParent',
  'UnitLineage',
  'Indicator',
  'Field',
  'EmbedToken',
] as const;

const QUERY = graphql(`
  query AuditLog($filter: AuditFilter, $after: String) {
    auditLog(filter: $filter, first: 50, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { id at actor source action entity entityKey before after } }
    }
  }
`);

type Page = ResultOf<typeof QUERY>['auditLog'];
type Entry = Page['edges'][number]['node'];

type Filter = { actor: string; entity: string; unit: string; from: string; to: string };

/** What a write changed: each field whose value differs, before → after (a creation: its values). */
function changesOf(entry: Entry): [string, string, string][] {
  const parse = (json: string | null) => (json ? (JSON.parse(json) as Record<string, unknown>) : {});
  const [before, after] = [parse(entry.before), parse(entry.after)];
  const show = (value: unknown) => (value === undefined || value === null ? '–' : typeof value === 'string' ? value : JSON.stringify(value));
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .map((key) => [key, show(before[key]), show(after[key])]);
}

export function AuditScreen({ lang }: { lang: Lang }) {
  const [filter, setFilter] = useState<Filter>({ actor: '', entity: '', unit: '', from: '', to: '' });
  const [applied, setApplied] = useState<Filter>(filter);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [page, setPage] = useState<Page | undefined>();
  const [error, setError] = useState('');

  async function load(after: string | null) {
    const variables = {
      after,
      filter: Object.fromEntries(Object.entries(applied).flatMap(([name, value]) => (value.trim() ? [[name, value.trim()]] : []))),
    };
    try {
      const { auditLog } = await request(QUERY, variables);
      setError('');
      setPage(auditLog);
      setEntries((shown) => [...(after ? shown : []), ...auditLog.edges.map((edge) => edge.node)]);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.in(lang) : w('appFailed', lang));
    }
  }
  useEffect(() => void load(null), [applied]);

  const set = (name: keyof Filter) => (event: Event) => setFilter({ ...filter, [name]: (event.currentTarget as HTMLInputElement).value });
  return (
    <>
      <h1>{w('appAudit', lang)}</h1>
      <p class="screen-intro">{w('auditIntro', lang)}</p>
      <form
        class="panel filters"
        aria-label={w('auditFilters', lang)}
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(filter);
        }}
      >
        <div class="field">
          <label for="audit-actor">{w('auditActor', lang)}</label>
          <input id="audit-actor" value={filter.actor} onInput={set('actor')} autocomplete="off" spellcheck={false} />
        </div>
        <div class="field">
          <label for="audit-entity">{w('auditEntity', lang)}</label>
          <select id="audit-entity" value={filter.entity} onChange={set('entity')}>
            <option value="">{w('auditAll', lang)}</option>
            {ENTITIES.map((entity) => (
              <option value={entity}>{w(`entity_${entity}` as Word, lang)}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="audit-unit">{w('auditUnit', lang)}</label>
          <input id="audit-unit" value={filter.unit} onInput={set('unit')} autocomplete="off" spellcheck={false} />
        </div>
        <div class="field">
          <label for="audit-from">{w('auditFrom', lang)}</label>
          <input id="audit-from" type="date" value={filter.from} onInput={set('from')} />
        </div>
        <div class="field">
          <label for="audit-to">{w('auditTo', lang)}</label>
          <input id="audit-to" type="date" value={filter.to} onInput={set('to')} />
        </div>
        <button type="submit" class="button">
          {w('auditApply', lang)}
        </button>
      </form>
      {error ? (
        <p class="form-outcome form-outcome-failed" role="alert">
          {error}
        </p>
      ) : null}
      {page ? <p role="status">{w('auditCount', lang, { n: page.totalCount })}</p> : null}
      <ol class="audit-list">
        {entries.map((entry) => (
          <li data-audit-entry={entry.id}>
            <p class="audit-head">
              <time dateTime={entry.at}>{formatMoment(entry.at, lang)}</time>
              {' · '}
              <strong>{entry.actor}</strong>
              {' · '}
              {w(`action_${entry.action}` as Word, lang)} {w(`entity_${entry.entity}` as Word, lang)} <code>{entry.entityKey}</code>
              {entry.source === 'IMPORT' ? ` · ${w('auditImported', lang)}` : ''}
            </p>
            <table class="data-table audit-changes">
              <thead>
                <tr>
                  <th scope="col">{w('auditField', lang)}</th>
                  <th scope="col">{w('auditBefore', lang)}</th>
                  <th scope="col">{w('auditAfter', lang)}</th>
                </tr>
              </thead>
              <tbody>
                {changesOf(entry).map(([field, before, after]) => (
                  <tr>
                    <td>{field}</td>
                    <td>{before}</td>
                    <td>{after}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </li>
        ))}
      </ol>
      {page?.pageInfo.hasNextPage ? (
        <button type="button" class="button" onClick={() => void load(page.pageInfo.endCursor)}>
          {w('auditMore', lang)}
        </button>
      ) : null}
    </>
  );
}
