// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { NatterError } from '../../src/model/errors';
import { ScriptedBackend, renderForm, session, siteConfig } from './comment-form-harness';

const EMAIL = 'Email (required) (Address never made public)';
const textarea = () => screen.getByRole('textbox', { name: 'Enter your comment here...' });
const SIGNED_IN = 'You are commenting using your Google account.';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe('the identity picker', () => {
  it('shows one labelled icon per provider the site enables, in the site’s order', async () => {
    const { user } = renderForm({ config: siteConfig({ providers: ['twitter', 'wordpress'] }) });
    await user.click(textarea());
    const icons = screen.getAllByRole('button', { name: /^Log in with / });
    expect(icons.map((b) => b.getAttribute('aria-label'))).toEqual(['Log in with Twitter', 'Log in with WordPress.com']);
    expect(icons[0]?.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('labels all four providers when the site enables them', async () => {
    const { user } = renderForm();
    await user.click(textarea());
    for (const label of ['WordPress.com', 'Google', 'Twitter', 'Facebook']) {
      expect(screen.getByRole('button', { name: `Log in with ${label}` })).toBeTruthy();
    }
  });

  it('shows no icons when the backend cannot sign in', async () => {
    const { user } = renderForm({ backend: new ScriptedBackend(siteConfig(), { canSignIn: false }) });
    await user.click(textarea());
    expect(screen.queryByRole('button', { name: /^Log in with / })).toBeNull();
    expect(screen.getByText('Fill in your details below:')).toBeTruthy();
  });

  it('shows no icons when the site enables no provider', async () => {
    const { user } = renderForm({ config: siteConfig({ providers: [] }) });
    await user.click(textarea());
    expect(screen.queryByRole('button', { name: /^Log in with / })).toBeNull();
  });

  it('says clearly when sign-in is only simulated', async () => {
    const { user } = renderForm({ config: siteConfig({ simulatedSignIn: true }) });
    await user.click(textarea());
    expect(screen.getByText('Sign-in is simulated locally: no real account is contacted.')).toBeTruthy();
  });

  it('says nothing about simulation for a real sign-in', async () => {
    const { user } = renderForm();
    await user.click(textarea());
    expect(screen.queryByText(/simulated/)).toBeNull();
  });

  it('says "Connecting to Google" with Cancel while signing in, and Cancel aborts and returns to the picker', async () => {
    const backend = new ScriptedBackend();
    backend.signInStep = 'hold';
    const { user, state } = renderForm({ backend });
    await user.click(textarea());
    await user.click(screen.getByRole('button', { name: 'Log in with Google' }));
    expect(screen.getByRole('status').textContent).toBe('Connecting to Google');
    expect(screen.queryByRole('button', { name: /^Log in with / })).toBeNull();
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    expect(document.activeElement).toBe(cancel);
    await user.click(cancel);
    expect(backend.aborted).toEqual(['google']);
    expect(screen.queryByText('Connecting to Google')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Log in with Google' }));
    expect(state.session).toBeNull();
    expect(screen.queryAllByRole('alert').map((a) => a.textContent)).toEqual(['']);
  });

  it('explains a closed sign-in window and keeps what was typed', async () => {
    const backend = new ScriptedBackend();
    backend.signInStep = new NatterError('popup_closed', 'signIn: the popup was closed');
    const { user } = renderForm({ backend });
    await user.type(textarea(), 'My draft');
    await user.click(screen.getByRole('button', { name: 'Log in with Facebook' }));
    expect(await screen.findByText('The sign-in window was closed before you finished.')).toBeTruthy();
    expect((textarea() as HTMLTextAreaElement).value).toBe('My draft');
    expect(screen.getByRole('button', { name: 'Log in with Facebook' })).toBeTruthy();
  });

  it('explains a blocked popup', async () => {
    const backend = new ScriptedBackend();
    backend.signInStep = new NatterError('popup_blocked', 'signIn: blocked');
    const { user } = renderForm({ backend });
    await user.click(textarea());
    await user.click(screen.getByRole('button', { name: 'Log in with Twitter' }));
    expect(await screen.findByText('The sign-in window was blocked. Allow pop-ups for this site and try again.')).toBeTruthy();
  });

  it('asks for a sign-in when the site does not accept guests', async () => {
    const { user, backend } = renderForm({ config: siteConfig({ guests: false }) });
    await user.type(textarea(), 'Hello');
    expect(screen.getByText('Click an icon to log in:')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: EMAIL })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Post Comment' }));
    expect(screen.getByText('Please log in to comment.')).toBeTruthy();
    expect((backend as ScriptedBackend).posts).toHaveLength(0);
  });
});

describe('signed in', () => {
  it('shows the avatar, name and account after sign-in, and puts focus in the textarea', async () => {
    const { user, state } = renderForm();
    await user.click(textarea());
    await user.click(screen.getByRole('button', { name: 'Log in with Google' }));
    await waitFor(() => expect(state.session).toEqual(session('google')));
    expect(screen.getByText('Sam Patel')).toBeTruthy();
    expect(screen.getByText((_, el) => el?.tagName === 'P' && el.textContent?.includes(SIGNED_IN) === true).textContent)
      .toMatch(/You are commenting using your Google account\.\s*\( Log Out \/ Change \)/);
    expect(document.querySelector('img')?.getAttribute('src')).toBe('https://avatars.example/sam.png');
    expect(screen.queryByRole('textbox', { name: EMAIL })).toBeNull();
    expect(document.activeElement).toBe(textarea());
  });

  it('posts without guest details', async () => {
    const { user, backend } = renderForm({ session: session('twitter') });
    await user.type(textarea(), 'Signed comment');
    await user.click(screen.getByRole('button', { name: 'Post Comment' }));
    const [post] = (backend as ScriptedBackend).posts;
    expect(post?.body).toBe('Signed comment');
    expect(post && 'guest' in post).toBe(false);
  });

  it('Log Out signs out on the backend and returns to the guest form', async () => {
    const { user, backend, state } = renderForm({ session: session('wordpress') });
    await user.click(textarea());
    expect(screen.getByText(/You are commenting using your WordPress\.com account\./)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Log Out' }));
    await waitFor(() => expect(state.session).toBeNull());
    expect((backend as ScriptedBackend).signOuts).toBe(1);
    expect(screen.getByText('Fill in your details below or click an icon to log in:')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: EMAIL }));
  });

  it('Change returns to the picker, and Cancel there keeps the account', async () => {
    const { user, backend, state } = renderForm({ session: session('google') });
    await user.click(textarea());
    await user.click(screen.getByRole('button', { name: 'Change' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Log in with WordPress.com' }));
    expect(screen.queryByText(/You are commenting using/)).toBeNull();
    expect(screen.getByText('Click an icon to log in:')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByText(/You are commenting using your Google account\./)).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Change' }));
    expect(state.session).toEqual(session('google'));
    expect((backend as ScriptedBackend).signOuts).toBe(0);
  });

  it('Change then another provider switches the account', async () => {
    const { user, state } = renderForm({ session: session('google') });
    await user.click(textarea());
    await user.click(screen.getByRole('button', { name: 'Change' }));
    await user.click(screen.getByRole('button', { name: 'Log in with Facebook' }));
    expect(await screen.findByText(/You are commenting using your Facebook account\./)).toBeTruthy();
    expect(state.session?.provider).toBe('facebook');
    expect(document.activeElement).toBe(textarea());
  });

  it('says the sign-in is simulated while signed in through a simulation', async () => {
    const { user } = renderForm({ session: session('google'), config: siteConfig({ simulatedSignIn: true }) });
    await user.click(textarea());
    expect(screen.getByText('Sign-in is simulated locally: no real account is contacted.')).toBeTruthy();
  });

  it('returns to the guest form, draft intact, when the session has expired', async () => {
    const backend = new ScriptedBackend();
    backend.script = [new NatterError('unauthorized', 'postComment: the session expired')];
    const { user, state } = renderForm({ backend, session: session('google') });
    await user.type(textarea(), 'Still here');
    await user.click(screen.getByRole('button', { name: 'Post Comment' }));
    expect(await screen.findByText('Your session has expired. Please log in again.')).toBeTruthy();
    expect(state.session).toBeNull();
    expect((textarea() as HTMLTextAreaElement).value).toBe('Still here');
    expect(screen.getByRole('button', { name: 'Log in with Google' })).toBeTruthy();
  });
});
