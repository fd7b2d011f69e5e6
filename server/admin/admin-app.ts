import { useRef, useState } from 'preact/hooks';
import { NatterError } from 'natter';
import { html } from 'natter/render';
import type { AdminApi } from './admin-api';
import { adminErrorMessage } from './admin-messages';
import { LoginForm } from './login-form';
import { ModerationQueue } from './moderation-queue';
import type { TokenStore } from './token-store';

/** Props of {@link AdminApp}. */
export interface AdminAppProps {
  api: AdminApi;
  tokens: TokenStore;
  /** Hands an exported file to the browser. @default a download link */
  download?(file: Blob, filename: string): void;
}

/** Saves a file through a temporary download link. */
export function downloadFile(file: Blob, filename: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The admin page: the sign-in form until the password is accepted, then the
 * moderation queue. One polite live region says what each action did.
 */
export function AdminApp({ api, tokens, download = downloadFile }: AdminAppProps) {
  const [token, setTokenState] = useState<string | null>(() => tokens.get());
  const [notice, setNotice] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const serial = useRef(0);

  const setToken = (value: string | null) => {
    tokens.set(value);
    setTokenState(value);
  };
  // A repeated message must be said again: change the text even when it is the same.
  const announce = (message: string) => {
    serial.current++;
    setStatus(serial.current % 2 === 0 ? message : `${message}\u00a0`);
  };

  const signedIn = (value: string) => {
    setNotice(null);
    setToken(value);
    announce('Signed in.');
  };
  const expired = () => {
    setToken(null);
    setNotice(adminErrorMessage(new NatterError('unauthorized', 'admin session ended')));
  };
  const signOut = async () => {
    const old = token;
    setToken(null);
    setNotice(null);
    announce('Signed out.');
    if (old !== null) await api.logout(old).catch(() => {});
  };

  return html`<main class="natter-admin" aria-labelledby="natter-admin-title">
    <header class="natter-admin-top">
      <h1 id="natter-admin-title">Comments</h1>
      ${token !== null && html`<button type="button" onClick=${signOut}>Sign out</button>`}
    </header>
    <p class="natter-admin-status" role="status" aria-live="polite" aria-atomic="true">${status}</p>
    ${token === null
      ? html`<${LoginForm} api=${api} onSignedIn=${signedIn} notice=${notice} />`
      : html`<${ModerationQueue} api=${api} token=${token} announce=${announce} onUnauthorized=${expired} download=${download} />`}
  </main>`;
}
