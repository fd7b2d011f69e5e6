// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../src/backend/memory/memory';
import { NatterError } from '../../src/model/errors';
import { ScriptedBackend, renderForm, siteConfig } from './comment-form-harness';

const EMAIL = 'Email (required) (Address never made public)';
const textarea = () => screen.getByRole('textbox', { name: 'Enter your comment here...' });
const postButton = () => screen.getByRole('button', { name: 'Post Comment' });

afterEach(() => {
  cleanup();
  localStorage.clear();
});

async function fillGuest(user: ReturnType<typeof renderForm>['user'], body = 'Small is indeed beautiful.') {
  await user.type(textarea(), body);
  await user.type(screen.getByRole('textbox', { name: EMAIL }), 'ada@example.org');
  await user.type(screen.getByRole('textbox', { name: 'Name (required)' }), 'Ada Lovelace');
}

describe('the comment form', () => {
  it('shows "Leave a Reply" and only the textarea until the textarea gets focus', () => {
    renderForm();
    expect(screen.getByRole('heading', { name: 'Leave a Reply' })).toBeTruthy();
    expect(screen.getByRole('form', { name: 'Leave a Reply' })).toBeTruthy();
    expect(textarea().getAttribute('placeholder')).toBe('Enter your comment here...');
    expect(screen.queryByRole('button', { name: 'Post Comment' })).toBeNull();
    expect(screen.queryByRole('textbox', { name: EMAIL })).toBeNull();
  });

  it('expands on focus and reveals the guest fields, icons and "Post Comment"', async () => {
    const { user } = renderForm();
    await user.click(textarea());
    expect(screen.getByRole('form').className).toContain('expanded');
    expect(screen.getByText('Fill in your details below or click an icon to log in:')).toBeTruthy();
    expect(screen.getByRole('textbox', { name: EMAIL })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Name (required)' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Website' })).toBeTruthy();
    expect(postButton()).toBeTruthy();
  });

  it('gives the guest fields their input types, autocomplete and required state', async () => {
    const { user } = renderForm();
    await user.click(textarea());
    const email = screen.getByRole('textbox', { name: EMAIL });
    const name = screen.getByRole('textbox', { name: 'Name (required)' });
    const site = screen.getByRole('textbox', { name: 'Website' });
    expect([email.getAttribute('type'), email.getAttribute('autocomplete'), email.hasAttribute('required')]).toEqual(['email', 'email', true]);
    expect([name.getAttribute('autocomplete'), name.hasAttribute('required')]).toEqual(['name', true]);
    expect([site.getAttribute('type'), site.getAttribute('autocomplete'), site.hasAttribute('required')]).toEqual(['url', 'url', false]);
  });

  it('drops "(required)" when the site does not require a name and an email', async () => {
    const { user, backend } = renderForm({ config: siteConfig({ requireNameEmail: false }) });
    await user.click(textarea());
    expect(screen.getByRole('textbox', { name: 'Email (Address never made public)' }).hasAttribute('required')).toBe(false);
    expect(screen.getByRole('textbox', { name: 'Name' }).hasAttribute('required')).toBe(false);
    await user.type(textarea(), 'Anonymous thoughts.');
    await user.click(postButton());
    expect((backend as ScriptedBackend).posts).toHaveLength(1);
  });

  it('posts as a guest with the typed details, clears the text and announces the comment', async () => {
    const { user, backend, announced } = renderForm();
    await fillGuest(user);
    await user.type(screen.getByRole('textbox', { name: 'Website' }), 'ada.example.org');
    await user.click(postButton());
    const posts = (backend as ScriptedBackend).posts;
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      pageId: '/small-is-beautiful',
      parentId: null,
      body: 'Small is indeed beautiful.',
      guest: { name: 'Ada Lovelace', email: 'ada@example.org', url: 'https://ada.example.org/' },
      pageTitle: 'Small is beautiful?',
      pageUrl: 'https://blog.example/small',
    });
    expect(posts[0]?.idempotencyKey).toMatch(/^[0-9a-f-]{32,36}$/);
    await waitFor(() => expect(announced).toEqual(['Comment posted.']));
    expect((textarea() as HTMLTextAreaElement).value).toBe('');
    expect((screen.getByRole('textbox', { name: 'Name (required)' }) as HTMLInputElement).value).toBe('Ada Lovelace');
  });

  it('announces that a held comment is awaiting moderation', async () => {
    const backend = new ScriptedBackend();
    backend.status = 'pending';
    const { user, announced } = renderForm({ backend });
    await fillGuest(user);
    await user.click(postButton());
    await waitFor(() => expect(announced).toEqual(['Your comment is awaiting moderation.']));
  });

  it('hands the new comment to the thread, which focuses it (see the App tests)', async () => {
    const { user } = renderForm();
    await fillGuest(user);
    await user.click(postButton());
    await waitFor(() => expect(document.getElementById('comment-c1')).not.toBeNull());
  });

  it('posts with Ctrl+Enter from the textarea', async () => {
    const { user, backend } = renderForm();
    await fillGuest(user);
    await user.click(textarea());
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect((backend as ScriptedBackend).posts).toHaveLength(1);
  });

  it('cannot post twice while a post is on its way', async () => {
    const backend = new ScriptedBackend();
    backend.script = ['hold'];
    const { user } = renderForm({ backend });
    await fillGuest(user);
    await user.click(postButton());
    expect(postButton().getAttribute('aria-disabled')).toBe('true');
    await user.click(postButton());
    await user.keyboard('{Enter}');
    expect(backend.posts).toHaveLength(1);
    backend.release();
    await waitFor(() => expect(postButton().hasAttribute('aria-disabled')).toBe(false));
    expect(backend.comments).toHaveLength(1);
  });

  it('sends the honeypot value and the time since the form was shown', async () => {
    const { user, backend } = renderForm();
    await fillGuest(user);
    const trap = screen.getByLabelText('Leave this field empty:');
    expect(trap.tabIndex).toBe(-1);
    expect(trap.closest('[aria-hidden="true"]')).not.toBeNull();
    await user.type(trap, 'bot was here');
    await user.click(postButton());
    const [post] = (backend as ScriptedBackend).posts;
    expect(post?.honeypot).toBe('bot was here');
    expect(post?.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('leaves the honeypot out of the tab order', async () => {
    const { user } = renderForm({ config: siteConfig({ features: { notifyReplies: false, notifyPosts: false } }) });
    await user.click(textarea());
    await user.click(screen.getByRole('textbox', { name: 'Website' }));
    await user.tab();
    expect(document.activeElement).toBe(postButton());
  });
});

describe('notification choices', () => {
  it('shows both checkboxes and sends the choices when the site supports them', async () => {
    const { user, backend } = renderForm();
    await fillGuest(user);
    await user.click(screen.getByRole('checkbox', { name: 'Notify me of follow-up comments via email.' }));
    expect(screen.getByRole('checkbox', { name: 'Notify me of new posts via email.' })).toBeTruthy();
    await user.click(postButton());
    expect((backend as ScriptedBackend).posts[0]).toMatchObject({ notifyReplies: true, notifyPosts: false });
  });

  it('shows no checkboxes and sends no choices when the site supports neither', async () => {
    const { user, backend } = renderForm({ config: siteConfig({ features: { notifyReplies: false, notifyPosts: false } }) });
    await fillGuest(user);
    expect(screen.queryByRole('checkbox')).toBeNull();
    await user.click(postButton());
    const [post] = (backend as ScriptedBackend).posts;
    expect(post && 'notifyReplies' in post).toBe(false);
    expect(post && 'notifyPosts' in post).toBe(false);
  });

  it('shows only the follow-up checkbox when only replies can be followed', async () => {
    const { user } = renderForm({ config: siteConfig({ features: { notifyPosts: false } }) });
    await user.click(textarea());
    expect(screen.getAllByRole('checkbox')).toHaveLength(1);
    expect(screen.getByRole('checkbox', { name: 'Notify me of follow-up comments via email.' })).toBeTruthy();
  });
});

describe('validation', () => {
  it('explains each missing field beside it and focuses the first', async () => {
    const { user, backend } = renderForm();
    await user.click(textarea());
    await user.click(postButton());
    const body = screen.getByRole('textbox', { name: 'Enter your comment here...', description: 'Please enter a comment.' });
    expect(body.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('textbox', { name: EMAIL, description: 'Please enter your email address.' }).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('textbox', { name: 'Name (required)', description: 'Please enter your name.' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Website' }).hasAttribute('aria-invalid')).toBe(false);
    expect(document.activeElement).toBe(body);
    expect((backend as ScriptedBackend).posts).toHaveLength(0);
  });

  it('rejects a comment over the site limit, saying the limit', async () => {
    const { user, backend } = renderForm({ config: siteConfig({ limits: { bodyMaxLength: 10 } }) });
    await fillGuest(user, 'Far too long for this site');
    await user.click(postButton());
    expect(screen.getByRole('textbox', { name: 'Enter your comment here...', description: 'Too long: at most 10 characters.' })).toBeTruthy();
    expect((backend as ScriptedBackend).posts).toHaveLength(0);
  });

  it('rejects a website that is not http(s) before sending anything', async () => {
    const backend = new ScriptedBackend();
    const { user } = renderForm({ backend });
    await user.type(textarea(), 'Hello');
    await user.type(screen.getByRole('textbox', { name: EMAIL }), 'ada@example.com');
    await user.type(screen.getByRole('textbox', { name: 'Name (required)' }), 'Ada');
    await user.type(screen.getByRole('textbox', { name: 'Website' }), 'javascript:alert(1)');
    await user.click(postButton());
    expect(screen.getByRole('textbox', { name: 'Website', description: 'Please enter a website address starting with http:// or https://.' })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Website' }));
    expect(backend.posts).toEqual([]);
  });

  it('shows the backend’s verdict on a malformed email address next to the field', async () => {
    const { user } = renderForm({ backend: new MemoryBackend({ latencyMs: 0 }) });
    await user.type(textarea(), 'Hello');
    await user.type(screen.getByRole('textbox', { name: EMAIL }), 'ada-at-example');
    await user.type(screen.getByRole('textbox', { name: 'Name (required)' }), 'Ada');
    await user.click(postButton());
    expect(await screen.findByRole('textbox', { name: EMAIL, description: 'Please enter a valid email address.' })).toBeTruthy();
    expect((textarea() as HTMLTextAreaElement).value).toBe('Hello');
  });

  it('rejects a name over the site limit', async () => {
    const { user } = renderForm({ config: siteConfig({ limits: { nameMaxLength: 3 } }) });
    await fillGuest(user);
    await user.click(postButton());
    expect(screen.getByRole('textbox', { name: 'Name (required)', description: 'Too long: at most 3 characters.' })).toBeTruthy();
  });

  it('clears a field’s message as soon as the reader edits it', async () => {
    const { user } = renderForm();
    await user.click(textarea());
    await user.click(postButton());
    await user.type(screen.getByRole('textbox', { name: 'Name (required)' }), 'A');
    expect(screen.getByRole('textbox', { name: 'Name (required)' }).hasAttribute('aria-invalid')).toBe(false);
    expect(screen.queryByText('Please enter your name.')).toBeNull();
    expect(screen.getByText('Please enter your email address.')).toBeTruthy();
  });

  it('shows a server error about a field at that field', async () => {
    const backend = new ScriptedBackend();
    backend.script = [new NatterError('invalid', 'postComment: the email address is malformed', { field: 'email' })];
    const { user } = renderForm({ backend });
    await fillGuest(user);
    await user.click(postButton());
    const email = await screen.findByRole('textbox', { name: EMAIL, description: 'Please enter a valid email address.' });
    expect(document.activeElement).toBe(email);
    expect(screen.queryByText(/postComment/)).toBeNull();
  });

  it('shows the server’s length limit at the comment it refused', async () => {
    const backend = new ScriptedBackend();
    backend.script = [new NatterError('too_long', 'postComment: the body is over 500 characters', { field: 'body' })];
    const { user } = renderForm({ backend });
    await fillGuest(user);
    await user.click(postButton());
    expect(await screen.findByRole('textbox', { name: 'Enter your comment here...', description: 'Too long: at most 500 characters.' })).toBeTruthy();
  });

  it('shows other server errors in an alert by the button, with Retry for passing ones', async () => {
    const backend = new ScriptedBackend();
    backend.script = [new NatterError('network', 'postComment: fetch failed')];
    const { user } = renderForm({ backend });
    await fillGuest(user);
    await user.click(postButton());
    const alert = await screen.findByText('Could not reach the comments server. Check your connection and try again.');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  it('offers no Retry when sending again cannot help', async () => {
    const backend = new ScriptedBackend();
    backend.script = [new NatterError('closed', 'postComment: comments are closed')];
    const { user } = renderForm({ backend });
    await fillGuest(user);
    await user.click(postButton());
    expect(await screen.findByText('Comments are closed.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });
});
