// Embedded charts (administrators): issue an embed token for an indicator, a unit, years and a chart type;
// copy its snippet; preview its chart as the portal will show it (the iframe page of the token, which this
// server lets its own pages frame); list the tokens with their expiry, warned of those that expire soon;
// revoke one, after which its widget says so on every portal.
import { useEffect, useState } from 'preact/hooks';
import { formatDate, type Lang } from '../shared/format.ts';
import { graphql, type ResultOf } from '../shared/graphql.ts';
import { request } from '../shared/session.ts';
import { FIELDS, intFinding, textFinding, YEAR } from '../../src/entry/rules.ts';
import { codeInput, Field, NamedChoice, numberInput, OutcomeLine, problemsOfFindings, useSending, wholeNumber } from './form.tsx';
import { DataTable } from './table.tsx';
import { w, type Word } from './words.ts';

const CHARTS = ['gauge', 'bar', 'line'] as const;
type Chart = (typeof CHARTS)[number];

const TOKENS = graphql(`
  query EmbedTokens { embedTokens { id label indicator unit fromYear toYear chart issuedAt issuedBy expiresAt expiresSoon revokedAt portalOrigins } }
`);
const INDICATORS = graphql(`query EmbedIndicators { indicators { code nameVi nameEn } }`);
const ISSUE = graphql(`
  mutation IssueEmbedToken($input: EmbedTokenInput!, $origin: String) { issueEmbedToken(input: $input, origin: $origin) { id token snippet } }
`);
const REVOKE = graphql(`mutation RevokeEmbedToken($id: String!) { revokeEmbedToken(id: $id) { id revokedAt } }`);

type Token = ResultOf<typeof TOKENS>['embedTokens'][number];
type Issued = ResultOf<typeof ISSUE>['issueEmbedToken'];

export function EmbedsScreen({ lang }: { lang: Lang }) {
  const [tokens, setTokens] = useState<Token[] | undefined>();
  const [issued, setIssued] = useState<Issued | undefined>();
  const load = () =>
    request(TOKENS, {}).then(
      (answer) => setTokens(answer.embedTokens),
      () => setTokens([]),
    );
  useEffect(() => void load(), []);

  const soon = tokens?.filter((token) => token.expiresSoon).length ?? 0;
  return (
    <>
      <h1>{w('appEmbeds', lang)}</h1>
      <p class="screen-intro">{w('embedsIntro', lang)}</p>
      {soon ? (
        <p class="warning" role="status">
          {w('soonWarning', lang, { n: soon })}
        </p>
      ) : null}
      <div class="form-columns">
        <IssueToken
          lang={lang}
          issued={(token) => {
            setIssued(token);
            void load();
          }}
        />
        {issued ? <IssuedToken lang={lang} issued={issued} /> : null}
      </div>
      <TokenList lang={lang} tokens={tokens} revoked={() => void load()} />
    </>
  );
}

function IssueToken({ lang, issued }: { lang: Lang; issued: (token: Issued) => void }) {
  const thisYear = new Date().getFullYear();
  const [values, setValues] = useState({
    indicator: '',
    unit: '',
    fromYear: String(thisYear - 5),
    toYear: String(thisYear - 1),
    chart: 'gauge' as Chart,
    days: '365',
    portalOrigins: '',
    label: '',
  });
  const [indicators, setIndicators] = useState<ResultOf<typeof INDICATORS>['indicators']>([]);
  useEffect(() => {
    void request(INDICATORS, {}).then(
      (answer) => setIndicators(answer.indicators),
      () => setIndicators([]),
    );
  }, []);
  const { problems, outcome, send } = useSending(lang);
  const set = (name: keyof typeof values) => (event: Event) => setValues({ ...values, [name]: (event.currentTarget as HTMLInputElement).value });

  async function submit(event: Event) {
    event.preventDefault();
    const from = wholeNumber(values.fromYear);
    const to = wholeNumber(values.toYear);
    const days = wholeNumber(values.days);
    const findings = [
      textFinding('indicator', { max: 64 }, values.indicator),
      textFinding('unit', FIELDS.plan.unit, values.unit),
      from === null ? textFinding('fromYear', { max: 4 }, '') : intFinding('fromYear', YEAR, from),
      to === null ? textFinding('toYear', { max: 4 }, '') : intFinding('toYear', YEAR, to),
      days === null ? undefined : intFinding('days', { min: 1, max: 1826, vi: 'từ 1 đến 1826 ngày', en: 'from 1 to 1826 days' }, days),
    ];
    const input = {
      indicator: values.indicator,
      unit: values.unit.trim(),
      // Sent only when the checks above found both years.
      fromYear: from!,
      toYear: to!,
      chart: values.chart,
      days,
      portalOrigins: values.portalOrigins
        .split(/\s+/)
        .map((origin) => origin.trim())
        .filter(Boolean),
      label: values.label.trim() || null,
    };
    await send(problemsOfFindings(findings, lang), async () => {
      const answer = await request(ISSUE, { input, origin: location.origin });
      issued(answer.issueEmbedToken);
      return w('issued', lang);
    });
  }

  const common = { lang, problems };
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="issue-heading">
      <h2 id="issue-heading">{w('issueEmbed', lang)}</h2>
      <Field name="indicator" label="indicator" {...common}>
        {(a) => <NamedChoice attributes={a} value={values.indicator} choose={set('indicator')} options={indicators} lang={lang} />}
      </Field>
      <Field name="unit" label="unitCode" {...common}>
        {codeInput(values.unit, set('unit'))}
      </Field>
      <div class="field-row">
        <Field name="fromYear" label="fromYear" {...common}>
          {numberInput(values.fromYear, set('fromYear'))}
        </Field>
        <Field name="toYear" label="toYear" {...common}>
          {numberInput(values.toYear, set('toYear'))}
        </Field>
      </div>
      <Field name="chart" label="chart" {...common}>
        {(a) => (
          <select {...a} value={values.chart} onChange={set('chart')}>
            {CHARTS.map((chart) => (
              <option value={chart}>{w(`chart_${chart}` as Word, lang)}</option>
            ))}
          </select>
        )}
      </Field>
      <Field name="days" label="days" optional {...common}>
        {numberInput(values.days, set('days'))}
      </Field>
      <Field name="portalOrigins" label="portalOrigins" optional {...common}>
        {(a) => <textarea {...a} value={values.portalOrigins} onInput={set('portalOrigins')} rows={2} placeholder="https://backan.gov.vn" />}
      </Field>
      <Field name="label" label="label" optional {...common}>
        {(a) => <input {...a} value={values.label} onInput={set('label')} />}
      </Field>
      <button type="submit" class="button" disabled={outcome.state === 'busy'}>
        {w('issueSubmit', lang)}
      </button>
      <OutcomeLine outcome={outcome} lang={lang} />
    </form>
  );
}

function IssuedToken({ lang, issued }: { lang: Lang; issued: Issued }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => setCopied(false), [issued]);
  return (
    <section class="panel" aria-labelledby="issued-heading">
      <h2 id="issued-heading">{w('snippet', lang)}</h2>
      <label class="visually-hidden" for="issued-snippet">
        {w('snippet', lang)}
      </label>
      <textarea id="issued-snippet" class="snippet" readOnly rows={6} value={issued.snippet} />
      <button
        type="button"
        class="button"
        onClick={() =>
          void navigator.clipboard.writeText(issued.snippet).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {w('copy', lang)}
      </button>
      <p role="status">{copied ? w('copied', lang) : ''}</p>
      <h3>{w('preview', lang)}</h3>
      <iframe class="preview" title={w('preview', lang)} src={`/embed/chart?token=${encodeURIComponent(issued.token)}&lang=${lang}`} />
    </section>
  );
}

function stateOf(token: Token, lang: Lang): string {
  if (token.revokedAt) return w('revoked', lang, { date: formatDate(token.revokedAt, lang) });
  if (token.expiresAt && Date.parse(token.expiresAt) <= Date.now()) return w('expired', lang);
  return w(token.expiresSoon ? 'expiresSoon' : 'live', lang);
}

function TokenList({ lang, tokens, revoked }: { lang: Lang; tokens: Token[] | undefined; revoked: () => void }) {
  async function revoke(token: Token) {
    if (!confirm(w('confirmRevoke', lang, { id: token.id }))) return;
    await request(REVOKE, { id: token.id }).catch(() => undefined);
    revoked();
  }
  return (
    <section class="panel" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">{w('tokens', lang)}</h2>
      {tokens && !tokens.length ? <p>{w('noTokens', lang)}</p> : null}
      {tokens?.length ? (
        <DataTable lang={lang} headings={['label', 'indicator', 'unitCode', 'chart', 'issuedAt', 'expires', 'state', 'actions']}>
          {tokens.map((token) => (
            <tr data-token={token.id}>
              <td>{token.label ?? token.id}</td>
              <td>{token.indicator}</td>
              <td>{`${token.unit} · ${token.fromYear}–${token.toYear}`}</td>
              <td>{w(`chart_${token.chart}` as Word, lang)}</td>
              <td>{formatDate(token.issuedAt, lang)}</td>
              <td>{token.expiresAt ? formatDate(token.expiresAt, lang) : w('never', lang)}</td>
              <td>{stateOf(token, lang)}</td>
              <td>
                {token.revokedAt ? null : (
                  <button type="button" class="button-small" onClick={() => void revoke(token)} aria-label={`${w('revoke', lang)} ${token.label ?? token.id}`}>
                    {w('revoke', lang)}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </section>
  );
}
