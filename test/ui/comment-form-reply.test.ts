// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ScriptedBackend, parentComment, renderForm } from './comment-form-harness';

const textarea = () => screen.getByRole('textbox', { name: 'Enter your comment here...' }) as HTMLTextAreaElement;

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe('replying to a comment', () => {
  it('says "Leave a Reply to" the author and starts in the textarea', () => {
    renderForm({ parent: parentComment(), onCancel: () => {} });
    expect(screen.getByRole('heading', { name: 'Leave a Reply to Dave Wilson' })).toBeTruthy();
    expect(document.activeElement).toBe(textarea());
    expect(screen.getByRole('button', { name: 'Post Comment' })).toBeTruthy();
  });

  it('shows the author’s name as text, never as markup', () => {
    const parent = { ...parentComment(), author: { name: '<img src=x onerror=alert(1)>' } };
    renderForm({ parent, onCancel: () => {} });
    expect(screen.getByRole('heading').textContent).toBe('Leave a Reply to <img src=x onerror=alert(1)>');
    expect(document.querySelector('h3 img')).toBeNull();
  });

  it('"Cancel reply" asks the thread to close the form', async () => {
    const onCancel = vi.fn();
    const { user } = renderForm({ parent: parentComment(), onCancel });
    await user.click(screen.getByRole('button', { name: 'Cancel reply' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('offers no "Cancel reply" on the form at the bottom of the thread', () => {
    renderForm({ onCancel: () => {} });
    expect(screen.queryByRole('button', { name: 'Cancel reply' })).toBeNull();
  });

  it('posts the reply under its parent and hands it to the thread', async () => {
    const { user, backend } = renderForm({ parent: parentComment(), onCancel: () => {} });
    await user.type(textarea(), 'I agree.');
    await user.type(screen.getByRole('textbox', { name: 'Email (required) (Address never made public)' }), 'ada@example.org');
    await user.type(screen.getByRole('textbox', { name: 'Name (required)' }), 'Ada');
    await user.click(screen.getByRole('button', { name: 'Post Comment' }));
    expect((backend as ScriptedBackend).posts[0]).toMatchObject({ parentId: 'p1', body: 'I agree.' });
    await waitFor(() => expect(document.getElementById('comment-c1')).not.toBeNull());
  });

  it('keeps the reply’s draft apart from the top-level draft', async () => {
    const reply = renderForm({ parent: parentComment(), onCancel: () => {} });
    await reply.user.type(textarea(), 'Reply draft');
    reply.unmount();

    const top = renderForm();
    expect(textarea().value).toBe('');
    await top.user.type(textarea(), 'Top draft');
    top.unmount();

    renderForm({ parent: parentComment(), onCancel: () => {} });
    expect(textarea().value).toBe('Reply draft');
  });
});
