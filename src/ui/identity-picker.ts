import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './html';
import { useWidget } from './context';
import { actionErrorMessage } from './action-error-message';
import { ProviderIcon } from './provider-icon';
import { useFocusNext } from './use-focus-next';
import { providerInfo, type ProviderInfo } from '../identity/providers';
import type { Backend } from '../backend/backend';
import { isNatterError } from '../model/errors';
import { PROVIDERS, type Session, type SiteConfig } from '../model/types';

/** Props of {@link IdentityPicker}. */
export interface Props {
  /** Called once the backend confirms the sign-in (the session is already set). */
  onSignedIn(session: Session): void;
  /** When given, a "Cancel" button leaves the picker (used by "Change"). */
  onCancel?(): void;
}

/** The providers whose icons the form shows: enabled by the site, and only if the backend can sign in. */
export function enabledProviders(backend: Backend, config: SiteConfig): ProviderInfo[] {
  if (!backend.signIn) return [];
  return config.providers.filter((id) => PROVIDERS.includes(id)).map(providerInfo);
}

/**
 * One icon button per enabled provider. While a sign-in runs it says
 * "Connecting to %s" with a "Cancel" that aborts the attempt and returns here.
 */
export function IdentityPicker({ onSignedIn, onCancel }: Props) {
  const { backend, config, t, setSession } = useWidget();
  const [connecting, setConnecting] = useState<ProviderInfo | null>(null);
  const [error, setError] = useState('');
  const attempt = useRef<AbortController | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const focusNext = useFocusNext(root);

  useEffect(() => () => attempt.current?.abort(), []);

  const providers = enabledProviders(backend, config);
  if (!providers.length && !onCancel) return null;

  const backToPicker = (provider: ProviderInfo) => {
    attempt.current = null;
    focusNext.current = [`[data-provider="${provider.id}"]`];
    setConnecting(null);
  };

  async function signIn(provider: ProviderInfo) {
    if (!backend.signIn || attempt.current) return;
    const controller = new AbortController();
    attempt.current = controller;
    setError('');
    focusNext.current = ['.connecting button'];
    setConnecting(provider);
    try {
      const session = await backend.signIn(provider.id, { signal: controller.signal, lang: t.locale });
      if (controller.signal.aborted) return;
      attempt.current = null;
      setSession(session);
      onSignedIn(session);
    } catch (err) {
      if (controller.signal.aborted) return;
      if (!isNatterError(err) || err.code !== 'cancelled') setError(actionErrorMessage(t, err));
      backToPicker(provider);
    }
  }

  const cancel = () => {
    attempt.current?.abort();
    if (connecting) backToPicker(connecting);
  };

  return html`<div ref=${root}>
    ${connecting
      ? html`<p class="connecting">
          <span role="status">${t.t('Connecting to %s', connecting.label)}</span>
          <button type="button" class="link" onClick=${cancel}>${t.t('Cancel')}</button>
        </p>`
      : html`<div class="providers">
          ${providers.map(
            (p) => html`<button
              type="button" class="provider" data-provider=${p.id}
              aria-label=${t.t('Log in with %s', p.label)} title=${t.t('Log in with %s', p.label)}
              onClick=${() => signIn(p)}
            ><${ProviderIcon} provider=${p} /></button>`,
          )}
          ${onCancel && html`<button type="button" class="link" onClick=${onCancel}>${t.t('Cancel')}</button>`}
        </div>`}
    ${config.simulatedSignIn && html`<p class="note">${t.t('Sign-in is simulated locally: no real account is contacted.')}</p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </div>`;
}
