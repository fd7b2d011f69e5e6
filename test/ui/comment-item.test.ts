// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { NatterError } from '../../src/model/errors';
import { fakeBackend, makeComment } from './fake-backend';
import { renderApp } from './render-app';

afterEach(() => {
  cleanup();
  history.replaceState(null, '', '/');
});

const soon = () => new Date(Date.now() + 10 * 60_000).toISOString();

describe('CommentItem', () => {
  it('links the author name to their website as untrusted, unendorsed content', async () => {
    renderApp(fakeBackend([makeComment('a', { author: { name: 'Ada', url: 'https://ada.example/' } })]));
    const link = await screen.findByRole('link', { name: 'Ada' });
    expect(link.getAttribute('href')).toBe('https://ada.example/');
    expect(link.getAttribute('rel')).toBe('nofollow ugc noopener noreferrer');
  });

  it('shows the name as text when the website is not http(s)', async () => {
    renderApp(fakeBackend([makeComment('a', { author: { name: 'Mallory', url: 'javascript:alert(1)' } })]));
    const article = await screen.findByRole('article', { name: 'Comment by Mallory' });
    expect(within(article).getByText('Mallory').tagName).toBe('SPAN');
    expect(within(article).queryByRole('link', { name: 'Mallory' })).toBeNull();
  });

  it('shows names as text, never as markup', async () => {
    renderApp(fakeBackend([makeComment('a', { author: { name: '<img src=x onerror=alert(1)>' } })]));
    const article = await screen.findByRole('article', { name: 'Comment by <img src=x onerror=alert(1)>' });
    expect(article.querySelector('img')).toBeNull();
  });

  it('shows how long ago it was written, with the exact time on hover and a machine-readable datetime', async () => {
    const createdAt = new Date(Date.now() - 3 * 3600_000).toISOString();
    renderApp(fakeBackend([makeComment('a', { createdAt })]));
    const time = (await screen.findByText('3 hours ago')).closest('time');
    expect(time?.getAttribute('datetime')).toBe(createdAt);
    if (time) fireEvent.pointerEnter(time);
    expect(time?.getAttribute('title')).toBe(
      new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' }).format(new Date(createdAt)),
    );
  });

  it('links the time to the comment permalink', async () => {
    renderApp(fakeBackend([makeComment('a7')]));
    const article = await screen.findByRole('article', { name: 'Comment by Author a7' });
    expect(article.id).toBe('comment-a7');
    expect(within(article).getByRole('link', { name: /ago/ }).getAttribute('href')).toBe('#comment-a7');
  });

  it('scrolls to, focuses and highlights the comment named by the page hash', async () => {
    history.replaceState(null, '', '#comment-b');
    renderApp(fakeBackend([makeComment('a'), makeComment('b')]));
    const b = await screen.findByRole('article', { name: 'Comment by Author b' });
    await waitFor(() => expect(document.activeElement).toBe(b));
    expect(b.className).toContain('target');
    expect(screen.getByRole('article', { name: 'Comment by Author a' }).className).not.toContain('target');
  });

  it('follows the hash when it changes after the page opened', async () => {
    renderApp(fakeBackend([makeComment('a'), makeComment('b')]));
    const a = await screen.findByRole('article', { name: 'Comment by Author a' });
    expect(a.className).not.toContain('target');
    history.replaceState(null, '', '#comment-a');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await waitFor(() => expect(a.className).toContain('target'));
    await waitFor(() => expect(document.activeElement).toBe(a));
  });

  it('stops following the hash once unmounted', async () => {
    const { unmount } = renderApp(fakeBackend([makeComment('a')]));
    await screen.findByText('Body of a');
    unmount();
    history.replaceState(null, '', '#comment-a');
    expect(() => window.dispatchEvent(new HashChangeEvent('hashchange'))).not.toThrow();
    expect(document.getElementById('comment-a')).toBeNull();
  });

  it('tells the author their held comment is awaiting moderation', async () => {
    renderApp(fakeBackend([makeComment('a'), makeComment('b', { status: 'pending', mine: true })]));
    const held = await screen.findByRole('article', { name: 'Comment by Author b' });
    expect(within(held).getByText('Your comment is awaiting moderation.')).toBeTruthy();
    const other = screen.getByRole('article', { name: 'Comment by Author a' });
    expect(within(other).queryByText('Your comment is awaiting moderation.')).toBeNull();
  });

  it('isolates the body’s text direction from the rest of the widget', async () => {
    renderApp(fakeBackend([makeComment('a', { bodyHtml: '<p>\u202Eevil</p>' })]));
    const body = (await screen.findByText('\u202Eevil')).closest('.body');
    expect(body?.getAttribute('dir')).toBe('auto');
  });

  it('rebuilds the body through the allowlist', async () => {
    renderApp(fakeBackend([makeComment('a', { bodyHtml: '<p onclick="x()">Hi <script>alert(1)</script><b>there</b></p>' })]));
    const article = await screen.findByRole('article', { name: 'Comment by Author a' });
    expect(article.querySelector('script')).toBeNull();
    expect(article.querySelector('[onclick]')).toBeNull();
    expect(within(article).getByText('there').tagName).toBe('B');
  });

  it('lets the author edit their comment within the window', async () => {
    const mine = makeComment('a', { mine: true, editableUntil: soon(), source: 'Old text' });
    const backend = fakeBackend([mine], {
      async editComment(id, edit) {
        return { ...mine, id, bodyHtml: `<p>${edit.body}</p>`, source: edit.body, editedAt: new Date().toISOString() };
      },
    });
    renderApp(backend);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const field = await screen.findByRole('textbox', { name: 'Edit your comment' });
    expect((field as HTMLTextAreaElement).value).toBe('Old text');
    fireEvent.input(field, { target: { value: 'New text' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('New text')).toBeTruthy();
    expect(screen.getByText('(edited)')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Comment updated.');
    await waitFor(() => expect(document.activeElement?.id).toBe('comment-a'));
  });

  it('keeps the editor open with a message when the edit fails', async () => {
    const mine = makeComment('a', { mine: true, editableUntil: soon(), source: 'Old' });
    renderApp(fakeBackend([mine], {
      async editComment() { throw new NatterError('edit_window_closed', 'editComment: window closed'); },
    }));
    fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The time to edit or delete this comment has passed.');
    expect(await screen.findByRole('textbox', { name: 'Edit your comment' })).toBeTruthy();
  });

  it('lets the author delete their comment after confirming', async () => {
    const deleted: string[] = [];
    renderApp(fakeBackend([makeComment('a', { mine: true, editableUntil: soon() }), makeComment('b')], {
      async editComment() { throw new Error('unused'); },
      async deleteComment(id) { deleted.push(id); },
    }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    // The question comes with the interaction parts, which the click asks for.
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, delete' }));
    await waitFor(() => expect(screen.queryByText('Body of a')).toBeNull());
    expect(deleted).toEqual(['a']);
    const heading = screen.getByRole('heading', { level: 2 });
    expect(heading.textContent).toBe('One thought on “Small is beautiful?”');
    await waitFor(() => expect(document.activeElement).toBe(heading));
  });

  it('keeps the comment and says why when deleting fails', async () => {
    renderApp(fakeBackend([makeComment('a', { mine: true, editableUntil: soon() })], {
      async editComment() { throw new Error('unused'); },
      async deleteComment() { throw new NatterError('forbidden', 'deleteComment: 403'); },
    }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, delete' }));
    expect((await screen.findByRole('alert')).textContent).toBe('You are not allowed to do that.');
    expect(screen.getByText('Body of a')).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Delete this comment?' })).toBeNull();
  });

  it('offers no Edit or Delete on others’ comments, after the window, or without backend support', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const withEdit = { async editComment() { throw new Error('unused'); }, async deleteComment() {} };
    renderApp(fakeBackend([makeComment('a'), makeComment('b', { mine: true, editableUntil: past })], withEdit));
    await screen.findByText('Body of b');
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    cleanup();
    renderApp(fakeBackend([makeComment('c', { mine: true, editableUntil: soon() })]));
    await screen.findByText('Body of c');
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
  });
});

describe('permalinks to later pages', () => {
  it('loads more pages until the linked comment is there, then highlights it', async () => {
    history.replaceState(null, '', '#comment-e');
    const backend = fakeBackend(['a', 'b', 'c', 'd', 'e'].map((id) => makeComment(id)));
    renderApp(backend, { pageSize: 2 });
    const e = await screen.findByRole('article', { name: 'Comment by Author e' });
    await waitFor(() => expect(e.className).toContain('target'));
    expect(backend.queries.map((q) => q.cursor ?? null)).toEqual([null, '2', '4']);
  });

  it('stops looking after a few pages when the comment does not exist', async () => {
    history.replaceState(null, '', '#comment-nowhere');
    const backend = fakeBackend(Array.from({ length: 20 }, (_, i) => makeComment(`c${i}`)));
    renderApp(backend, { pageSize: 1 });
    await screen.findByText('Body of c0');
    await waitFor(() => expect(backend.queries).toHaveLength(6));
    await new Promise((r) => setTimeout(r, 100));
    expect(backend.queries).toHaveLength(6);
  });
});
