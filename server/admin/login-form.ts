import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'natter/render';
import type { AdminApi } from './admin-api';
import { adminErrorMessage } from './admin-messages';

/** Props of {@link LoginForm}. */
export interface LoginFormProps {
  api: AdminApi;
  /** Called with the admin token once the password is accepted. */
  onSignedIn(token: string): void;
  /** Why the moderator is asked to sign in (an ended session), if there is a reason. */
  notice?: string | null;
}

/** "Sign in" with the admin password. */
export function LoginForm({ api, onSignedIn, notice = null }: LoginFormProps) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    if (password === '') {
      setError('Enter the admin password.');
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const token = await api.login(password);
      setPassword('');
      onSignedIn(token);
    } catch (e) {
      setError(adminErrorMessage(e, 'login'));
      setBusy(false);
      input.current?.focus();
    }
  };

  return html`<form class="natter-admin-login" onSubmit=${submit} noValidate aria-labelledby="natter-admin-login-title">
    <h2 id="natter-admin-login-title">Sign in</h2>
    ${notice && html`<p class="natter-admin-notice">${notice}</p>`}
    <p>
      <label for="natter-admin-password">Admin password</label>
      <input id="natter-admin-password" ref=${input} type="password" autocomplete="current-password" required
        value=${password} aria-invalid=${error ? 'true' : undefined}
        aria-describedby=${error ? 'natter-admin-login-error' : undefined}
        onInput=${(e: Event) => setPassword((e.currentTarget as HTMLInputElement).value)} />
    </p>
    ${error && html`<p id="natter-admin-login-error" class="natter-admin-error" role="alert">${error}</p>`}
    <p><button type="submit" disabled=${busy} aria-disabled=${busy ? 'true' : undefined}>${busy ? 'Signing in…' : 'Sign in'}</button></p>
  </form>`;
}
