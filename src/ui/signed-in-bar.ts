import { html } from './html';
import { Avatar } from './avatar';
import { useWidget } from './context';
import { providerInfo } from '../identity/providers';
import type { Session } from '../model/types';

/** Props of {@link SignedInBar}. */
export interface Props {
  session: Session;
  onLogOut(): void;
  onChange(): void;
}

/** "You are commenting using your %s account. ( Log Out / Change )", with the reader's avatar and name. */
export function SignedInBar({ session, onLogOut, onChange }: Props) {
  const { t, config } = useWidget();
  const { user } = session;
  return html`<div class="signed-in">
    <${Avatar} author=${user} alt="" />
    <p>
      <strong>${user.name}</strong><br />
      ${t.t('You are commenting using your %s account.', providerInfo(session.provider).label)}
      ${' ( '}<button type="button" class="link" onClick=${onLogOut}>${t.t('Log Out')}</button>
      ${' / '}<button type="button" class="link" onClick=${onChange}>${t.t('Change')}</button>${' )'}
    </p>
    ${config.simulatedSignIn && html`<p class="note">${t.t('Sign-in is simulated locally: no real account is contacted.')}</p>`}
  </div>`;
}
