// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminApp } from '../../admin/admin-app';
import { createAdminApi } from '../../admin/admin-api';
import { sessionTokenStore } from '../../admin/token-store';
import { fakeAdminServer, fakeComment, PASSWORD, type FakeComment } from './fake-admin-server';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

function setup(comments: FakeComment[], options: { pageSize?: number } = {}) {
  const server = fakeAdminServer(comments, options);
  const downloads: { file: Blob; filename: string }[] = [];
  const user = userEvent.setup();
  render(h(AdminApp, {
    api: createAdminApi({ fetch: server.fetch }),
    tokens: sessionTokenStore(),
    download: (file: Blob, filename: string) => downloads.push({ file, filename }),
  }));
  return { server, user, downloads };
}

async function signIn(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText('Admin password'), PASSWORD);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByRole('tablist', { name: 'Comments by status' });
}

const status = () => screen.getByRole('status');
const articles = () => screen.queryAllByRole('article');
const article = (name: RegExp | string) => screen.getByRole('article', { name });

const queue = [
  fakeComment({ id: '1', author: { name: 'Ada Lovelace', email: 'ada@example.com', url: 'https://ada.example' }, source: 'First!', bodyHtml: '<p>First!</p>' }),
  fakeComment({ id: '2', pageId: '/big-society', pageTitle: 'The Big Society', pageUrl: 'https://blog.example/big', author: { name: 'Brian', email: 'brian@example.com' } }),
  fakeComment({ id: '3', author: { name: 'Cleo', email: null } }),
  fakeComment({ id: '4', status: 'approved', author: { name: 'Dora', email: 'dora@example.com' } }),
  fakeComment({ id: '5', status: 'spam', author: { name: 'Spammer', email: 'spam@example.com' }, source: 'buy things' }),
];

describe('the admin page', () => {
  it('asks for the admin password, and says when it is wrong', async () => {
    const { user, server } = setup(queue);
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeTruthy();
    await user.type(screen.getByLabelText('Admin password'), 'guess');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong password.');
    expect(screen.getByLabelText('Admin password').getAttribute('aria-invalid')).toBe('true');
    expect(server.tokens.size).toBe(0);
    expect(sessionStorage.getItem('natter-admin-token')).toBeNull();
  });

  it('shows the pending queue across pages after signing in, with page, author and email', async () => {
    const { user, server } = setup(queue);
    await signIn(user);
    await waitFor(() => expect(articles()).toHaveLength(3));
    expect(sessionStorage.getItem('natter-admin-token')).toBe('admin-token-1');
    expect(server.calls.find((c) => c.path === '/api/admin/comments')?.query.get('status')).toBe('pending');
    expect(screen.getByRole('tab', { name: 'Pending' }).getAttribute('aria-selected')).toBe('true');

    const ada = within(article(/Ada Lovelace/));
    expect(ada.getByText('ada@example.com')).toBeTruthy();
    expect(ada.getByRole('link', { name: 'Ada Lovelace' }).getAttribute('href')).toBe('https://ada.example/');
    expect(ada.getByRole('link', { name: 'Small is beautiful?' }).getAttribute('href')).toBe('https://blog.example/small-is-beautiful');
    expect(ada.getByText('First!')).toBeTruthy();
    expect(within(article(/Brian/)).getByRole('link', { name: 'The Big Society' })).toBeTruthy();
    expect(within(article(/Cleo/)).getByText('—')).toBeTruthy();
  });

  it('renders bodies through the allowlist, never as markup', async () => {
    const hostile = fakeComment({
      id: 'x',
      author: { name: '<img src=x onerror=alert(1)>', email: '"><script>alert(1)</script>' },
      pageTitle: '<b>title</b>',
      pageUrl: 'javascript:alert(1)',
      bodyHtml: '<p onclick="alert(1)">Hi <img src=x onerror="alert(1)"><script>alert(1)</script><a href="javascript:alert(1)">link</a> <a href="https://ok.example/">ok</a></p><iframe src="https://evil.example"></iframe>',
    });
    const { user } = setup([hostile]);
    await signIn(user);
    const item = await screen.findByRole('article');
    expect(item.querySelector('img, script, iframe, b, [onclick], [onerror]')).toBeNull();
    expect(within(item).getByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(within(item).getByText('"><script>alert(1)</script>')).toBeTruthy();
    expect(within(item).getByText('<b>title</b>')).toBeTruthy();
    const hrefs = [...item.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['https://ok.example/']);
    expect(item.querySelector('.natter-admin-body')?.textContent).toBe('Hi link ok');
  });

  it('approves a comment: it leaves the pending queue, the live region says so and focus moves on', async () => {
    const { user, server } = setup(queue);
    await signIn(user);
    await waitFor(() => expect(articles()).toHaveLength(3));
    await user.click(within(article(/Ada Lovelace/)).getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(articles()).toHaveLength(2));
    expect(status().textContent?.trim()).toBe('Comment by Ada Lovelace approved.');
    expect(server.comments.find((c) => c.id === '1')?.status).toBe('approved');
    await waitFor(() => expect(document.activeElement).toBe(article(/Brian/)));
  });

  it('marks spam and deletes with the keyboard', async () => {
    const { user, server } = setup(queue);
    await signIn(user);
    await waitFor(() => expect(articles()).toHaveLength(3));
    within(article(/Brian/)).getByRole('button', { name: 'Spam' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(server.comments.find((c) => c.id === '2')?.status).toBe('spam'));
    expect(status().textContent?.trim()).toBe('Comment by Brian marked as spam.');

    within(article(/Cleo/)).getByRole('button', { name: 'Delete' }).focus();
    await user.keyboard(' ');
    await waitFor(() => expect(server.comments.find((c) => c.id === '3')?.status).toBe('deleted'));
    await waitFor(() => expect(articles()).toHaveLength(1));
  });

  it('moves focus to the comment taking the place of each one that leaves', async () => {
    const { user } = setup(queue);
    await signIn(user);
    await waitFor(() => expect(articles()).toHaveLength(3));
    await user.click(within(article(/Ada Lovelace/)).getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(document.activeElement).toBe(article(/Brian/)));
    await user.click(within(article(/Cleo/)).getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(articles()).toHaveLength(1));
    await waitFor(() => expect(document.activeElement).toBe(article(/Brian/)));
  });

  it('focuses the list heading when the last comment leaves the queue', async () => {
    const { user } = setup([queue[0] as FakeComment]);
    await signIn(user);
    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(articles()).toHaveLength(0));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Pending comments' })));
    expect(screen.getByText('No comments are waiting for moderation.')).toBeTruthy();
  });

  it('switches status tabs by click and by arrow keys', async () => {
    const { user } = setup(queue);
    await signIn(user);
    await user.click(screen.getByRole('tab', { name: 'Approved' }));
    await waitFor(() => expect(articles().map((a) => a.getAttribute('aria-labelledby') && a.textContent?.includes('Dora'))).toEqual([true]));
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(screen.getByRole('tab', { name: 'Approved' }).id);

    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Spam' }));
    expect(screen.getByRole('tab', { name: 'Spam' }).getAttribute('aria-selected')).toBe('true');
    await waitFor(() => expect(within(article(/Spammer/)).getByRole('button', { name: 'Approve' })).toBeTruthy());
    expect(within(article(/Spammer/)).queryByRole('button', { name: 'Spam' })).toBeNull();

    await user.keyboard('{End}');
    expect(screen.getByRole('tab', { name: 'All' }).getAttribute('aria-selected')).toBe('true');
    await waitFor(() => expect(articles()).toHaveLength(5));
    await user.keyboard('{Home}');
    expect(screen.getByRole('tab', { name: 'Pending' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getAllByRole('tab').filter((t) => t.tabIndex === 0)).toHaveLength(1);
  });

  it('keeps a comment in the All tab when its status changes', async () => {
    const { user } = setup(queue);
    await signIn(user);
    await user.click(screen.getByRole('tab', { name: 'All' }));
    await waitFor(() => expect(articles()).toHaveLength(5));
    await user.click(within(article(/Dora/)).getByRole('button', { name: 'Unapprove' }));
    await waitFor(() => expect(within(article(/Dora/)).getByText('Pending')).toBeTruthy());
    expect(articles()).toHaveLength(5);
  });

  it('searches comments', async () => {
    const { user, server } = setup(queue);
    await signIn(user);
    await user.click(screen.getByRole('tab', { name: 'All' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search comments' }), 'buy');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(articles()).toHaveLength(1));
    expect(article(/Spammer/)).toBeTruthy();
    expect(server.calls.at(-1)?.query.get('q')).toBe('buy');
    expect(screen.getByRole('heading', { name: 'All comments matching “buy”' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Clear search' }));
    await waitFor(() => expect(articles()).toHaveLength(5));
  });

  it('edits a comment body from its Markdown source, and Escape cancels an edit', async () => {
    const { user, server } = setup(queue);
    await signIn(user);
    await waitFor(() => expect(articles()).toHaveLength(3));
    await user.click(within(article(/Ada Lovelace/)).getByRole('button', { name: 'Edit' }));
    const box = within(article(/Ada Lovelace/)).getByRole('textbox', { name: 'Comment text (Markdown)' }) as HTMLTextAreaElement;
    expect(box.value).toBe('First!');
    await waitFor(() => expect(document.activeElement).toBe(box));
    await user.clear(box);
    await user.type(box, 'Second thoughts');
    await user.click(within(article(/Ada Lovelace/)).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(article(/Ada Lovelace/)).getByText('Second thoughts')).toBeTruthy());
    expect(server.calls.at(-1)).toMatchObject({ method: 'PATCH', body: { body: 'Second thoughts' } });
    expect(status().textContent?.trim()).toBe('Comment by Ada Lovelace saved.');
    await waitFor(() => expect(document.activeElement).toBe(within(article(/Ada Lovelace/)).getByRole('button', { name: 'Edit' })));

    await user.click(within(article(/Brian/)).getByRole('button', { name: 'Edit' }));
    await user.keyboard('{Escape}');
    expect(within(article(/Brian/)).queryByRole('textbox')).toBeNull();
    expect(server.calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);
  });

  it('exports the comments of a page as JSON', async () => {
    const { user, server, downloads } = setup(queue);
    await signIn(user);
    await waitFor(() => expect(articles()).toHaveLength(3));
    await user.click(within(article(/Brian/)).getByRole('button', { name: 'Export the comments of The Big Society as JSON' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]?.filename).toBe('natter-export-big-society.json');
    expect(server.calls.at(-1)?.query.get('page')).toBe('/big-society');
    const data: unknown = JSON.parse(await (downloads[0]?.file.text() ?? Promise.resolve('null')));
    expect(data).toMatchObject({ pageId: '/big-society', comments: [{ id: '2' }] });
    expect(status().textContent?.trim()).toBe('Exported the comments of The Big Society.');
  });

  it('loads more comments when there are more', async () => {
    const { user } = setup(queue, { pageSize: 2 });
    await signIn(user);
    await waitFor(() => expect(articles()).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: 'Load more comments' }));
    await waitFor(() => expect(articles()).toHaveLength(3));
    expect(screen.queryByRole('button', { name: 'Load more comments' })).toBeNull();
  });

  it('returns to the sign-in form when the token is refused', async () => {
    const { user, server } = setup(queue);
    await signIn(user);
    await waitFor(() => expect(articles()).toHaveLength(3));
    server.expireTokens();
    await user.click(within(article(/Ada Lovelace/)).getByRole('button', { name: 'Approve' }));
    await screen.findByRole('heading', { name: 'Sign in' });
    expect(screen.getByText('Your admin session has ended. Please sign in again.')).toBeTruthy();
    expect(sessionStorage.getItem('natter-admin-token')).toBeNull();
    expect(server.comments.find((c) => c.id === '1')?.status).toBe('pending');
  });

  it('keeps the moderator signed in across a reload of the page', async () => {
    const first = setup(queue);
    await signIn(first.user);
    cleanup();
    const server = fakeAdminServer(queue);
    server.tokens.add('admin-token-1');
    render(h(AdminApp, { api: createAdminApi({ fetch: server.fetch }), tokens: sessionTokenStore() }));
    await waitFor(() => expect(articles()).toHaveLength(3));
    expect(screen.queryByLabelText('Admin password')).toBeNull();
  });

  it('signs out: the token is revoked and forgotten', async () => {
    const { user, server } = setup(queue);
    await signIn(user);
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeTruthy();
    await waitFor(() => expect(server.tokens.size).toBe(0));
    expect(sessionStorage.getItem('natter-admin-token')).toBeNull();
  });

  it('says when the server cannot be reached, and retries', async () => {
    const { user, server } = setup(queue);
    await signIn(user);
    await waitFor(() => expect(articles()).toHaveLength(3));
    server.failNextWith(new Response('oops', { status: 500 }));
    await user.click(screen.getByRole('tab', { name: 'Approved' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Something went wrong. Please try again.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(articles()).toHaveLength(1));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
