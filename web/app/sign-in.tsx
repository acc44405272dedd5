// The sign-in form of the app: the dashboard's session (web/shared/session.ts), so that a reader signed in on
// one is signed in on the other, in the same tab.
import { useState } from 'preact/hooks';
import { ApiError } from '../shared/api.ts';
import type { Lang } from '../shared/format.ts';
import { t, type Label } from '../shared/i18n.ts';
import { signIn, type Session } from '../shared/session.ts';
import { w } from './words.ts';

export function SignIn({ lang, notice, signedIn }: { lang: Lang; notice?: Label; signedIn: (session: Session) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<Label | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setError(undefined);
    if (!username.trim() || !password) return setError('signInMissing');
    setBusy(true);
    try {
      signedIn(await signIn(username.trim(), password));
    } catch (failure) {
      setPassword('');
      setError(failure instanceof ApiError && failure.code === 'UNAUTHENTICATED' ? 'signInWrong' : 'signInFailed');
    } finally {
      setBusy(false);
    }
  }

  const invalid = error ? { 'aria-invalid': 'true' as const } : {};
  return (
    <form class="sign-in-card" onSubmit={submit} noValidate>
      <h1>{t('signInTitle', lang)}</h1>
      <p class="sign-in-intro">{w('appSignInIntro', lang)}</p>
      {notice ? (
        <p class="notice" role="status">
          {t(notice, lang)}
        </p>
      ) : null}
      <label for="sign-in-username">{t('username', lang)}</label>
      <input
        id="sign-in-username"
        autocomplete="username"
        autocapitalize="none"
        spellcheck={false}
        value={username}
        onInput={(event) => setUsername(event.currentTarget.value)}
        aria-describedby="sign-in-error"
        {...invalid}
      />
      <label for="sign-in-password">{t('signInPassword', lang)}</label>
      <input
        id="sign-in-password"
        type="password"
        autocomplete="current-password"
        value={password}
        onInput={(event) => setPassword(event.currentTarget.value)}
        aria-describedby="sign-in-error"
        {...invalid}
      />
      <p id="sign-in-error" class="sign-in-error" role="alert">
        {error ? t(error, lang) : ''}
      </p>
      <button type="submit" class="button" disabled={busy}>
        {t(busy ? 'signInBusy' : 'signInSubmit', lang)}
      </button>
    </form>
  );
}
