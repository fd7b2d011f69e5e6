// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NatterError } from '../../src/model/errors';
import { createTranslator } from '../../src/i18n/translator';
import { fakeBackend, makeComment } from './fake-backend';
import { renderApp } from './render-app';

afterEach(cleanup);

describe('App', () => {
  it('says it is loading until the first page arrives', async () => {
    let answer: () => void = () => {};
    const backend = fakeBackend([makeComment('a')]);
    const list = backend.listComments.bind(backend);
    backend.listComments = (q) => new Promise((resolve) => { answer = () => resolve(list(q)); });
    renderApp(backend);
    expect(screen.getByText('Loading comments…')).toBeTruthy();
    answer();
    await screen.findByText('Body of a');
    expect(screen.queryByText('Loading comments…')).toBeNull();
  });

  it('counts the comments in the heading with the page title', async () => {
    renderApp(fakeBackend([makeComment('a'), makeComment('b'), makeComment('c', { status: 'pending', mine: true })]));
    expect((await screen.findByRole('heading', { level: 2 })).textContent).toBe('2 thoughts on “Small is beautiful?”');
  });

  it('uses the singular for one comment', async () => {
    renderApp(fakeBackend([makeComment('a')]));
    expect((await screen.findByRole('heading', { level: 2 })).textContent).toBe('One thought on “Small is beautiful?”');
  });

  it('shows the empty state when there are no comments yet', async () => {
    renderApp(fakeBackend([]));
    expect(await screen.findByText('No comments yet.')).toBeTruthy();
    expect(screen.queryByText(/thoughts? on/)).toBeNull();
  });

  it('shows a translated error with Retry when loading fails, and loads on retry', async () => {
    const backend = fakeBackend([makeComment('a')]);
    const list = backend.listComments.bind(backend);
    let fail = true;
    backend.listComments = async (q) => {
      if (fail) throw new NatterError('network', 'listComments: fetch failed with secret details');
      return list(q);
    };
    renderApp(backend);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not reach the comments server.');
    expect(alert.textContent).not.toContain('secret details');
    fail = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Body of a')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('loads the next page with "Load more comments" until there is none', async () => {
    const backend = fakeBackend(['a', 'b', 'c'].map((id) => makeComment(id)));
    renderApp(backend, { pageSize: 2 });
    await screen.findByText('Body of b');
    expect(screen.queryByText('Body of c')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Load more comments' }));
    expect(await screen.findByText('Body of c')).toBeTruthy();
    expect(backend.queries.at(-1)?.cursor).toBe('2');
    expect(screen.queryByRole('button', { name: 'Load more comments' })).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('One more comment loaded.');
    await waitFor(() => expect(document.activeElement?.id).toBe('comment-c'));
  });

  it('keeps the comments and offers the button again when loading more fails', async () => {
    const backend = fakeBackend(['a', 'b'].map((id) => makeComment(id)));
    renderApp(backend, { pageSize: 1 });
    await screen.findByText('Body of a');
    backend.listComments = async () => { throw new NatterError('timeout', 'listComments timed out'); };
    fireEvent.click(screen.getByRole('button', { name: 'Load more comments' }));
    expect((await screen.findByRole('alert')).textContent).toContain('took too long');
    expect(screen.getByText('Body of a')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Load more comments' })).toBeTruthy();
  });

  it('reloads newest first when the sort switch changes', async () => {
    const backend = fakeBackend(['a', 'b', 'c'].map((id) => makeComment(id)));
    renderApp(backend);
    await screen.findByText('Body of c');
    const order = () => screen.getAllByRole('article').map((a) => a.id);
    expect(order()).toEqual(['comment-a', 'comment-b', 'comment-c']);
    fireEvent.change(screen.getByRole('combobox', { name: 'Sort by' }), { target: { value: 'newest' } });
    await waitFor(() => expect(order()).toEqual(['comment-c', 'comment-b', 'comment-a']));
    expect(backend.queries.at(-1)?.sort).toBe('newest');
  });

  it('starts newest first when the sort option says so', async () => {
    const backend = fakeBackend(['a', 'b'].map((id) => makeComment(id)));
    renderApp(backend, { sort: 'newest' });
    await screen.findByText('Body of b');
    expect(screen.getAllByRole('article').map((a) => a.id)).toEqual(['comment-b', 'comment-a']);
    expect((screen.getByRole('combobox', { name: 'Sort by' }) as HTMLSelectElement).value).toBe('newest');
    expect(backend.queries[0]?.sort).toBe('newest');
  });

  it('shows a comment from a live event and announces it', async () => {
    const backend = fakeBackend([makeComment('a')]);
    renderApp(backend);
    await screen.findByText('Body of a');
    await waitFor(() => expect(backend.subscribers()).toBe(1));
    backend.emit({ type: 'comment', comment: makeComment('live', { author: { name: 'Zoë' } }) });
    expect(await screen.findByText('Body of live')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('2 thoughts on “Small is beautiful?”');
    expect(screen.getByRole('status').textContent).toBe('New comment from Zoë.');
  });

  it('applies live edits in place and removes deleted comments', async () => {
    const a = makeComment('a');
    const backend = fakeBackend([a, makeComment('b')]);
    renderApp(backend);
    await screen.findByText('Body of a');
    await waitFor(() => expect(backend.subscribers()).toBe(1));
    backend.emit({ type: 'comment', comment: { ...a, bodyHtml: '<p>Edited a</p>' } });
    expect(await screen.findByText('Edited a')).toBeTruthy();
    backend.emit({ type: 'deleted', id: 'b' });
    await waitFor(() => expect(screen.queryByText('Body of b')).toBeNull());
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('One thought on “Small is beautiful?”');
  });

  it("keeps the reader's Edit on their own comment when its approval arrives as a live event", async () => {
    const editableUntil = new Date(Date.now() + 600_000).toISOString();
    const own = makeComment('a', { status: 'pending', mine: true, editableUntil, source: 'Body of a' });
    const backend = fakeBackend([own], { editComment: async (id, edit) => ({ ...own, id, bodyHtml: `<p>${edit.body}</p>` }) });
    renderApp(backend);
    const article = await screen.findByRole('article', { name: 'Comment by Author a' });
    expect(within(article).getByRole('button', { name: 'Edit' })).toBeTruthy();
    await waitFor(() => expect(backend.subscribers()).toBe(1));
    // Live events are the public view of a comment: no `mine`, `editableUntil` or `source`.
    const { mine: _m, editableUntil: _e, source: _s, ...seenByAll } = own;
    backend.emit({ type: 'comment', comment: { ...seenByAll, status: 'approved' } });
    await waitFor(() => expect(within(article).queryByText('Your comment is awaiting moderation.')).toBeNull());
    fireEvent.click(within(article).getByRole('button', { name: 'Edit' }));
    expect((await within(article).findByRole('textbox', { name: 'Edit your comment' }) as HTMLTextAreaElement).value).toBe('Body of a');
  });

  it('does not subscribe when the site turns live updates off', async () => {
    const backend = fakeBackend([makeComment('a')]);
    backend.getConfig = async () => ({ ...(await fakeBackend().getConfig()), features: {
      likes: false, notifyReplies: false, notifyPosts: false, edit: false, live: false } });
    renderApp(backend);
    await screen.findByText('Body of a');
    // Live updates come with the interaction parts: wait until the form they bring has taken over.
    screen.getByRole('textbox', { name: 'Enter your comment here...' }).focus();
    await screen.findByRole('button', { name: 'Post Comment' });
    expect(backend.subscribers()).toBe(0);
  });

  it('closes the live subscription when it unmounts', async () => {
    const backend = fakeBackend([makeComment('a')]);
    const { unmount } = renderApp(backend);
    await waitFor(() => expect(backend.subscribers()).toBe(1));
    unmount();
    expect(backend.subscribers()).toBe(0);
  });

  it('opens the reply form under the comment and returns it to the bottom on cancel', async () => {
    renderApp(fakeBackend([makeComment('a', { author: { name: 'Ada' } }), makeComment('b')]));
    const reply = await screen.findByRole('button', { name: 'Reply to Ada' });
    fireEvent.click(reply);
    const item = reply.closest<HTMLElement>('[role="listitem"]');
    if (!item) throw new Error('comment is not in a list item');
    expect(within(item).getByRole('heading', { name: /Leave a Reply to Ada/ })).toBeTruthy();
    expect(screen.getAllByRole('heading', { name: /Leave a Reply/ })).toHaveLength(1);
    fireEvent.click(within(item).getByRole('button', { name: /Cancel reply/ }));
    await waitFor(() => expect(within(item).queryByRole('heading', { name: /Leave a Reply/ })).toBeNull());
    expect(screen.getByRole('heading', { name: 'Leave a Reply' })).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(reply));
  });

  it('shows a posted reply nested under its parent and counts it', async () => {
    renderApp(fakeBackend([makeComment('a', { author: { name: 'Ada' } })]));
    fireEvent.click(await screen.findByRole('button', { name: 'Reply to Ada' }));
    const ada = screen.getByRole('article', { name: 'Comment by Ada' }).closest<HTMLElement>('[role="listitem"]');
    if (!ada) throw new Error('no list item');
    const form = within(ada);
    fireEvent.input(form.getByRole('textbox', { name: /Enter your comment here/ }), { target: { value: 'Quite right' } });
    // First paint's textarea hands what was typed to the form, whose code loads on that first interaction.
    fireEvent.input(await form.findByRole('textbox', { name: /Email/ }), { target: { value: 'bo@example.org' } });
    fireEvent.input(form.getByRole('textbox', { name: /^Name/ }), { target: { value: 'Bo' } });
    fireEvent.click(form.getByRole('button', { name: 'Post Comment' }));
    const reply = await screen.findByRole('article', { name: 'Comment by Bo' });
    expect(reply.closest<HTMLElement>('[role="listitem"]')?.parentElement?.closest<HTMLElement>('[role="listitem"]')).toBe(ada);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('2 thoughts on “Small is beautiful?”');
    expect(screen.getByRole('heading', { name: 'Leave a Reply' })).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(reply));
  });

  it('focuses a posted comment once the thread shows it, also on a page opened with a permalink', async () => {
    history.replaceState(null, '', '#comment-a');
    renderApp(fakeBackend([makeComment('a')]));
    await screen.findByText('Body of a');
    const text = screen.getByRole('textbox', { name: /Enter your comment here/ });
    fireEvent.focus(text);
    fireEvent.input(text, { target: { value: 'Well said' } });
    fireEvent.input(await screen.findByRole('textbox', { name: /Email/ }), { target: { value: 'cy@example.org' } });
    fireEvent.input(screen.getByRole('textbox', { name: /^Name/ }), { target: { value: 'Cy' } });
    fireEvent.click(screen.getByRole('button', { name: 'Post Comment' }));
    const posted = await screen.findByRole('article', { name: 'Comment by Cy' });
    await waitFor(() => expect(document.activeElement).toBe(posted));
    history.replaceState(null, '', location.pathname);
  });

  it('speaks the translated heading in French', async () => {
    const fr = createTranslator('fr', {
      '%d thoughts on “%s”': { one: '%d réflexion sur « %s »', other: '%d réflexions sur « %s »' },
    });
    renderApp(fakeBackend([makeComment('a'), makeComment('b')]), {}, fr);
    expect((await screen.findByRole('heading', { level: 2 })).textContent).toBe('2 réflexions sur « Small is beautiful? »');
  });

  it('never lets a failing session lookup break the thread', async () => {
    const backend = fakeBackend([makeComment('a')], {
      getSession: vi.fn(async () => { throw new NatterError('unauthorized', 'session expired'); }),
    });
    renderApp(backend);
    expect(await screen.findByText('Body of a')).toBeTruthy();
  });
});
