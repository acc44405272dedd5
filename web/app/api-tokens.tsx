// API tokens of one's own (for scripts and GraphiQL): made with a name and an expiry, the token shown once,
// listed with their last use, revoked. The API makes and lists them only for a session signed in with a
// password, never for a request carrying an API token (docs/access.md).
import { useEffect, useState } from 'preact/hooks';
import { formatDate, type Lang } from '../shared/format.ts';
import { graphql, type ResultOf } from '../shared/graphql.ts';
import { request } from '../shared/session.ts';
import { Field, OutcomeLine, problemsOfFindings, useSending, wholeNumber } from './form.tsx';
import { textFinding, intFinding } from '../../src/entry/rules.ts';
import { DataTable } from './table.tsx';
import { w } from './words.ts';

const TOKENS = graphql(`query ApiTokens { apiTokens { id name createdAt expiresAt revokedAt lastUsedAt } }`);
const CREATE = graphql(`mutation CreateApiToken($name: String!, $days: Int) { createApiToken(name: $name, days: $days) { token } }`);
const REVOKE = graphql(`mutation RevokeApiToken($id: Int!) { revokeApiToken(id: $id) { id } }`);

type ApiToken = ResultOf<typeof TOKENS>['apiTokens'][number];

const DAYS = { min: 1, max: 3650, vi: 'từ 1 đến 3650 ngày', en: 'from 1 to 3650 days' };

export function ApiTokensScreen({ lang }: { lang: Lang }) {
  const [tokens, setTokens] = useState<ApiToken[] | undefined>();
  const [made, setMade] = useState('');
  const [values, setValues] = useState({ name: '', days: '90' });
  const { problems, outcome, send } = useSending(lang);
  const load = () =>
    request(TOKENS, {}).then(
      (answer) => setTokens(answer.apiTokens),
      () => setTokens([]),
    );
  useEffect(() => void load(), []);

  async function submit(event: Event) {
    event.preventDefault();
    const days = wholeNumber(values.days);
    const findings = [textFinding('name', { max: 200 }, values.name), days === null ? undefined : intFinding('days', DAYS, days)];
    await send(problemsOfFindings(findings, lang), async () => {
      const { createApiToken } = await request(CREATE, { name: values.name.trim(), days });
      setMade(createApiToken.token);
      void load();
      return w('tokenMade', lang);
    });
  }

  async function revoke(token: ApiToken) {
    if (!confirm(w('tokenConfirmRevoke', lang, { name: token.name }))) return;
    await request(REVOKE, { id: token.id }).catch(() => undefined);
    void load();
  }

  return (
    <>
      <h1>{w('appApiTokens', lang)}</h1>
      <p class="screen-intro">{w('tokensIntro', lang)}</p>
      <div class="form-columns">
        <form class="panel" onSubmit={submit} noValidate aria-labelledby="token-heading">
          <h2 id="token-heading">{w('tokenMake', lang)}</h2>
          <Field name="name" label="tokenName" lang={lang} problems={problems}>
            {(a) => <input {...a} value={values.name} onInput={(event) => setValues({ ...values, name: event.currentTarget.value })} />}
          </Field>
          <Field name="days" label="tokenDays" optional lang={lang} problems={problems}>
            {(a) => <input {...a} value={values.days} inputMode="numeric" onInput={(event) => setValues({ ...values, days: event.currentTarget.value })} />}
          </Field>
          <button type="submit" class="button" disabled={outcome.state === 'busy'}>
            {w('tokenMake', lang)}
          </button>
          <OutcomeLine outcome={outcome} lang={lang} />
        </form>
        {made ? (
          <section class="panel" aria-labelledby="made-heading">
            <h2 id="made-heading">{w('tokenShownOnce', lang)}</h2>
            <p>
              <code class="password" data-api-token>
                {made}
              </code>
            </p>
            <p class="screen-intro">{w('tokenUse', lang)}</p>
          </section>
        ) : null}
      </div>
      <section class="panel" aria-labelledby="tokens-list-heading">
        <h2 id="tokens-list-heading">{w('tokenList', lang)}</h2>
        {tokens && !tokens.length ? <p>{w('noTokens', lang)}</p> : null}
        {tokens?.length ? (
          <DataTable lang={lang} headings={['tokenName', 'issuedAt', 'expires', 'tokenLastUsed', 'actions']}>
            {tokens.map((token) => (
              <tr data-api-token-row={token.id}>
                <td>{token.name}</td>
                <td>{formatDate(token.createdAt, lang)}</td>
                <td>{token.expiresAt ? formatDate(token.expiresAt, lang) : w('never', lang)}</td>
                <td>{token.lastUsedAt ? formatDate(token.lastUsedAt, lang) : '–'}</td>
                <td>
                  {token.revokedAt ? (
                    w('revoked', lang, { date: formatDate(token.revokedAt, lang) })
                  ) : (
                    <button type="button" class="button-small" onClick={() => void revoke(token)}>
                      {w('revoke', lang)}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        ) : null}
      </section>
    </>
  );
}
