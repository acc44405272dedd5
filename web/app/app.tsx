// The officers' and administrators' app (/app): the same sign-in as the dashboard (the session is shared
// through sessionStorage), Vietnamese first with an English toggle, one screen per task. A screen shows only
// what the signed-in role may do (the roles' lists of src/access/roles.ts); the API enforces the same
// rules whatever a page sends. The screen is the URL's path, so that back, forward and bookmarks work.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AUDIT_READERS, RECORD_WRITERS, ROLES, type Role } from '../../src/access/roles.ts';
import type { Lang } from '../shared/format.ts';
import { t } from '../shared/i18n.ts';
import { currentSession, onSessionExpired, signOut, type Session, type SessionUser } from '../shared/session.ts';
import { ApiTokensScreen } from './api-tokens.tsx';
import { AuditScreen } from './audit.tsx';
import { EmbedsScreen } from './embeds.tsx';
import { ImportScreen } from './imports.tsx';
import { IndicatorsScreen } from './indicators.tsx';
import { ModelsScreen } from './models.tsx';
import { SignIn } from './sign-in.tsx';
import { UsersScreen } from './users.tsx';
import { YearlyScreen } from './yearly.tsx';
import { w, type Word } from './words.ts';

interface Screen {
  path: string;
  title: Word;
  /** Who may use it; the API refuses the others anyway. */
  roles: readonly Role[];
  view: (lang: Lang, user: SessionUser) => ComponentChildren;
}

/** The unit a form starts with: the user's own (none for the whole country). */
const home = (user: SessionUser) => user.unit?.code ?? '';

const SCREENS: Screen[] = [
  { path: '/app/models', title: 'appModels', roles: RECORD_WRITERS, view: (lang, user) => <ModelsScreen lang={lang} home={home(user)} /> },
  { path: '/app/yearly', title: 'appYearly', roles: RECORD_WRITERS, view: (lang, user) => <YearlyScreen lang={lang} home={home(user)} /> },
  { path: '/app/import', title: 'appImport', roles: RECORD_WRITERS, view: (lang, user) => <ImportScreen lang={lang} user={user} /> },
  { path: '/app/indicators', title: 'appIndicators', roles: ['ADMIN'], view: (lang, user) => <IndicatorsScreen lang={lang} me={user} /> },
  { path: '/app/users', title: 'appUsers', roles: ['ADMIN'], view: (lang, user) => <UsersScreen lang={lang} me={user} /> },
  { path: '/app/api-tokens', title: 'appApiTokens', roles: ROLES, view: (lang) => <ApiTokensScreen lang={lang} /> },
  { path: '/app/embeds', title: 'appEmbeds', roles: ['ADMIN'], view: (lang) => <EmbedsScreen lang={lang} /> },
  { path: '/app/audit', title: 'appAudit', roles: AUDIT_READERS, view: (lang) => <AuditScreen lang={lang} /> },
];

const langKey = 'dvk:lang';

export function App() {
  const [session, setSession] = useState<Session | null>(currentSession());
  const [lang, setLang] = useState<Lang>(localStorage.getItem(langKey) === 'en' ? 'en' : 'vi');
  const [path, setPath] = useState(location.pathname);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    const popped = () => setPath(location.pathname);
    addEventListener('popstate', popped);
    onSessionExpired(() => {
      setExpired(true);
      setSession(null);
    });
    return () => removeEventListener('popstate', popped);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem(langKey, lang);
  }, [lang]);

  const go = (to: string) => (event: MouseEvent) => {
    event.preventDefault();
    history.pushState(null, '', to);
    setPath(to);
  };
  const mine = session ? SCREENS.filter((screen) => screen.roles.includes(session.user.role)) : [];
  const screen = SCREENS.find((candidate) => candidate.path === path);
  useEffect(() => {
    document.title = `${screen ? w(screen.title, lang) : w('appSubtitle', lang)} · Dân vận khéo`;
  }, [screen, lang]);

  return (
    <>
      <a class="skip-link" href="#app-main">
        {w('skipToMain', lang)}
      </a>
      <header class="masthead">
        <div class="masthead-inner">
          <div class="brand">
            <svg class="brand-mark" viewBox="0 0 40 40" aria-hidden="true" focusable="false">
              <rect width="40" height="40" rx="6" fill="#b3261e" />
              <path fill="#f5c518" d="M20 7.5l3.1 9.4h9.9l-8 5.8 3.1 9.5-8.1-5.9-8.1 5.9 3.1-9.5-8-5.8h9.9z" />
            </svg>
            <div>
              <p class="brand-title">{t('title', lang)}</p>
              <p class="brand-subtitle">{w('appSubtitle', lang)}</p>
            </div>
          </div>
          <div class="controls">
            <button type="button" class="lang-toggle" lang={lang === 'vi' ? 'en' : 'vi'} onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
              {t('language', lang)}
            </button>
            {session ? (
              <section class="account" aria-label={t('account', lang)}>
                <p class="account-name">{session.user.displayName}</p>
                <p class="account-role">{`${session.user.roleName[lang]} · ${session.user.unit?.name ?? t('wholeCountry', lang)}`}</p>
                <button
                  type="button"
                  class="account-sign-out"
                  onClick={() => {
                    signOut();
                    setExpired(false);
                    setSession(null);
                  }}
                >
                  {t('signOut', lang)}
                </button>
              </section>
            ) : null}
          </div>
        </div>
        {session ? (
          <nav class="app-nav" aria-label={w('appNav', lang)}>
            <a href="/app" aria-current={path === '/app' ? 'page' : undefined} onClick={go('/app')}>
              {w('appHome', lang)}
            </a>
            {mine.map((item) => (
              <a href={item.path} aria-current={path === item.path ? 'page' : undefined} onClick={go(item.path)}>
                {w(item.title, lang)}
              </a>
            ))}
            <a href="/dashboard">{w('appDashboard', lang)}</a>
          </nav>
        ) : null}
      </header>
      <main id="app-main" class="app-main" tabindex={-1}>
        {!session ? (
          <SignIn
            lang={lang}
            notice={expired ? 'signInExpired' : undefined}
            signedIn={(signed) => {
              setExpired(false);
              setSession(signed);
            }}
          />
        ) : path === '/app' || path === '/app/' ? (
          <Home lang={lang} session={session} screens={mine} go={go} />
        ) : !screen ? (
          <p class="screen-refusal">{w('appNotFound', lang)}</p>
        ) : !screen.roles.includes(session.user.role) ? (
          <p class="screen-refusal">{w('appNotAllowed', lang)}</p>
        ) : (
          screen.view(lang, session.user)
        )}
      </main>
    </>
  );
}

function Home({ lang, session, screens, go }: { lang: Lang; session: Session; screens: Screen[]; go: (to: string) => (event: MouseEvent) => void }) {
  const area = session.user.unit?.name ?? t('wholeCountry', lang);
  return (
    <>
      <h1>{w('appWelcome', lang, { name: session.user.displayName })}</h1>
      <p class="screen-intro">{RECORD_WRITERS.includes(session.user.role) ? w('appYourArea', lang, { area }) : w('appReadOnly', lang)}</p>
      <ul class="screen-list">
        {screens.map((screen) => (
          <li>
            <a href={screen.path} onClick={go(screen.path)}>
              {w(screen.title, lang)}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
