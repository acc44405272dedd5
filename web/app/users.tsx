// Accounts (administrators): the accounts of the area, a new one with its generated password shown once, a
// password reset, an account disabled. The API holds the area and refuses an administrator their own
// account (docs/access.md); this screen only offers what it would accept.
import { useEffect, useState } from 'preact/hooks';
import { ROLE_NAMES } from '../../src/access/roles.ts';
import { ApiError } from '../shared/api.ts';
import { formatDate, type Lang } from '../shared/format.ts';
import { graphql, type ResultOf } from '../shared/graphql.ts';
import { request, type SessionUser } from '../shared/session.ts';
import { codeInput, Field, OutcomeLine, problemsOfFindings, useSending } from './form.tsx';
import { DataTable } from './table.tsx';
import { w, type Word } from './words.ts';

type Role = SessionUser['role'];
const ROLES: Role[] = ['COMMUNE_OFFICER', 'DISTRICT_OFFICER', 'PROVINCE_OFFICER', 'ANALYST', 'VIEWER', 'ADMIN'];

const USERS = graphql(`query Users { users { username displayName role roleName { vi en } unit { code name } disabledAt createdAt } }`);
const CREATE = graphql(`mutation CreateUser($input: UserInput!) { createUser(input: $input) { password user { username } } }`);
const UPDATE = graphql(`mutation UpdateUser($input: UserInput!) { updateUser(input: $input) { username } }`);

type Account = ResultOf<typeof USERS>['users'][number];
type Issued = ResultOf<typeof CREATE>['createUser'];

/** A row's actions on an account: the mutation on its username, the question asked first, the button's word. */
const ACTIONS = {
  enable: [graphql(`mutation EnableUser($username: String!) { enableUser(username: $username) { username } }`), 'usersConfirmEnable', 'usersEnable'],
  reset: [
    graphql(`mutation ResetPassword($username: String!) { resetPassword(username: $username) { password user { username } } }`),
    'usersConfirmReset',
    'usersReset',
  ],
  disable: [graphql(`mutation DisableUser($username: String!) { disableUser(username: $username) { username } }`), 'usersConfirmDisable', 'usersDisable'],
} as const satisfies Record<string, readonly [unknown, Word, Word]>;

export function UsersScreen({ lang, me }: { lang: Lang; me: SessionUser }) {
  const [accounts, setAccounts] = useState<Account[] | undefined>();
  const [issued, setIssued] = useState<Issued | undefined>();
  const [refusal, setRefusal] = useState('');
  const [editing, setEditing] = useState<Account | undefined>();
  const load = () =>
    request(USERS, {}).then(
      (answer) => setAccounts(answer.users),
      () => setAccounts([]),
    );
  useEffect(() => void load(), []);

  async function act(action: keyof typeof ACTIONS, username: string) {
    const [mutation, question] = ACTIONS[action];
    if (!confirm(w(question, lang, { username }))) return;
    setRefusal('');
    try {
      const answer = await request(mutation, { username });
      if ('resetPassword' in answer) setIssued(answer.resetPassword);
    } catch (error) {
      setRefusal(error instanceof ApiError ? (lang === 'vi' && (error.vi ?? error.problems[0]?.vi)) || error.message : w('appFailed', lang));
    }
    void load();
  }

  return (
    <>
      <h1>{w('appUsers', lang)}</h1>
      <p class="screen-intro">{w('usersIntro', lang)}</p>
      <div class="form-columns">
        <CreateAccount
          key={editing?.username ?? 'new'}
          lang={lang}
          me={me}
          editing={editing}
          changed={() => void load()}
          created={(account) => {
            setIssued(account);
            void load();
          }}
        />
        {issued ? (
          <section class="panel" aria-labelledby="password-heading">
            <h2 id="password-heading">{w('usersPassword', lang, { username: issued.user.username })}</h2>
            <p>
              <code class="password" data-password>
                {issued.password}
              </code>
            </p>
            <p class="screen-intro">{w('usersPasswordOnce', lang)}</p>
          </section>
        ) : null}
      </div>
      {refusal ? (
        <p class="form-outcome form-outcome-refused" role="alert">
          {refusal}
        </p>
      ) : null}
      <section class="panel" aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">{w('usersList', lang)}</h2>
        <DataTable lang={lang} headings={['username', 'usersName', 'usersRole', 'unit', 'state', 'actions']}>
          {accounts?.map((account) => (
            <tr data-account={account.username}>
              <td>{account.username}</td>
              <td>{account.displayName}</td>
              <td>{account.roleName[lang]}</td>
              <td>{account.unit ? `${account.unit.name} (${account.unit.code})` : w('wholeCountry', lang)}</td>
              <td>{account.disabledAt ? w('usersDisabled', lang, { date: formatDate(account.disabledAt, lang) }) : w('live', lang)}</td>
              <td class="actions">
                {account.username === me.username ? null : (
                  <>
                    {account.disabledAt ? null : (
                      <button type="button" class="button-small" onClick={() => setEditing(account)}>
                        {w('editModel', lang)}
                      </button>
                    )}
                    {(account.disabledAt ? (['enable'] as const) : (['reset', 'disable'] as const)).map((action) => (
                      <button type="button" class="button-small" onClick={() => void act(action, account.username)}>
                        {w(ACTIONS[action][2], lang)}
                      </button>
                    ))}
                  </>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
    </>
  );
}

interface AccountFormProps {
  lang: Lang;
  me: SessionUser;
  /** The account being changed; none, a new one is created. */
  editing?: Account;
  created: (issued: Issued) => void;
  changed: () => void;
}

function CreateAccount({ lang, me, editing, created, changed }: AccountFormProps) {
  const [values, setValues] = useState({
    username: editing?.username ?? '',
    displayName: editing?.displayName ?? '',
    role: editing?.role ?? ('COMMUNE_OFFICER' as Role),
    unit: editing ? (editing.unit?.code ?? '') : (me.unit?.code ?? ''),
  });
  const { problems, outcome, send } = useSending(lang);
  const set = (name: keyof typeof values) => (event: Event) => setValues({ ...values, [name]: (event.currentTarget as HTMLInputElement).value });

  async function submit(event: Event) {
    event.preventDefault();
    const findings = [
      /^[a-z0-9._-]{3,64}$/.test(values.username.trim().toLowerCase())
        ? undefined
        : { field: 'username', vi: 'từ 3 đến 64 ký tự a-z, 0-9, . _ -', en: '3 to 64 of a-z, 0-9, . _ -' },
      values.displayName.trim() ? undefined : { field: 'displayName', vi: 'không được để trống', en: 'must not be empty' },
    ];
    const input = { username: values.username.trim(), displayName: values.displayName.trim(), role: values.role, unit: values.unit.trim() || null };
    await send(problemsOfFindings(findings, lang), async () => {
      if (editing) {
        await request(UPDATE, { input });
        changed();
        return w('usersChanged', lang, { username: input.username });
      }
      const { createUser } = await request(CREATE, { input });
      created(createUser);
      return w('usersCreated', lang, { username: createUser.user.username });
    });
  }

  const common = { lang, problems };
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="create-heading">
      <h2 id="create-heading">{editing ? w('usersEditTitle', lang, { username: editing.username }) : w('usersCreate', lang)}</h2>
      <Field name="username" label="username" {...common}>
        {(a) => (
          <input
            {...a}
            value={values.username}
            onInput={set('username')}
            readOnly={Boolean(editing)}
            autocomplete="off"
            autocapitalize="none"
            spellcheck={false}
          />
        )}
      </Field>
      <Field name="displayName" label="usersName" {...common}>
        {(a) => <input {...a} value={values.displayName} onInput={set('displayName')} />}
      </Field>
      <Field name="role" label="usersRole" {...common}>
        {(a) => (
          <select {...a} value={values.role} onChange={set('role')}>
            {ROLES.map((role) => (
              <option value={role}>{ROLE_NAMES[role][lang]}</option>
            ))}
          </select>
        )}
      </Field>
      <Field name="unit" label="usersUnitCode" optional={!me.unit} {...common}>
        {codeInput(values.unit, set('unit'))}
      </Field>
      <button type="submit" class="button" disabled={outcome.state === 'busy'}>
        {w(editing ? 'saveModel' : 'usersCreateSubmit', lang)}
      </button>
      <OutcomeLine outcome={outcome} lang={lang} />
    </form>
  );
}
