// The sign-in form (main#sign-in), and once signed in, who the reader is in the masthead: name, role and
// unit, with the sign-out button. Messages carry their label in data-text, so that the language toggle
// (translatePage) rewrites them like the rest of the page.
import { ApiError } from '../shared/api.ts';
import type { Lang } from '../shared/format.ts';
import { t, type Label } from '../shared/i18n.ts';
import { signIn, type Session } from '../shared/session.ts';

export interface SignInOptions {
  lang: () => Lang;
  signedIn: (session: Session) => void;
}

/** Shows a label's text in the page's language, or nothing. */
function say(element: HTMLElement, label: Label | undefined, lang: Lang): void {
  if (label) element.dataset.text = label;
  else delete element.dataset.text;
  element.textContent = label ? t(label, lang) : '';
}

export class SignInForm {
  private readonly username: HTMLInputElement;
  private readonly password: HTMLInputElement;
  private readonly notice: HTMLElement;
  private readonly error: HTMLElement;
  private readonly submit: HTMLButtonElement;

  constructor(
    private readonly form: HTMLFormElement,
    private readonly options: SignInOptions,
  ) {
    const part = <T extends Element>(selector: string) => form.querySelector<T>(selector)!;
    this.username = part('input[name="username"]');
    this.password = part('input[name="password"]');
    this.notice = part('[data-sign-in-notice]');
    this.error = part('[data-sign-in-error]');
    this.submit = part('button[type="submit"]');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
  }

  /** Shows the form, with a notice such as "your session has expired" when there is one. */
  show(notice?: Label): void {
    const lang = this.options.lang();
    say(this.notice, notice, lang);
    say(this.error, undefined, lang);
    this.mark(false);
    this.password.value = '';
    (this.username.value ? this.password : this.username).focus();
  }

  private async send(): Promise<void> {
    const lang = this.options.lang();
    const username = this.username.value.trim();
    const password = this.password.value;
    // Emptied first, so that the same error a second time is announced again.
    say(this.error, undefined, lang);
    if (!username || !password) return this.fail('signInMissing', lang);
    this.busy(true, lang);
    try {
      const session = await signIn(username, password);
      this.form.reset();
      say(this.notice, undefined, lang);
      this.options.signedIn(session);
    } catch (error) {
      this.fail(error instanceof ApiError && error.code === 'UNAUTHENTICATED' ? 'signInWrong' : 'signInFailed', this.options.lang());
    } finally {
      this.busy(false, this.options.lang());
    }
  }

  private fail(label: Label, lang: Lang): void {
    say(this.error, label, lang);
    this.mark(true);
    this.password.value = '';
    (this.username.value.trim() ? this.password : this.username).focus();
  }

  private mark(invalid: boolean): void {
    for (const input of [this.username, this.password]) {
      if (invalid) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }

  private busy(busy: boolean, lang: Lang): void {
    this.submit.disabled = busy;
    say(this.submit, busy ? 'signInBusy' : 'signInSubmit', lang);
  }
}

/** The signed-in user in the masthead: "Cán bộ Ban Dân vận Huyện ủy Na Rì", "Cán bộ cấp huyện · Huyện Na Rì". */
export function renderAccount(box: HTMLElement, session: Session, lang: Lang): void {
  const { user } = session;
  box.querySelector('[data-account-name]')!.textContent = user.displayName;
  box.querySelector('[data-account-role]')!.textContent = `${user.roleName[lang]} · ${user.unit?.name ?? t('wholeCountry', lang)}`;
}
