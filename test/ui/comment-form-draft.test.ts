// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../src/backend/backend';
import { MemoryBackend } from '../../src/backend/memory/memory';
import { NatterError } from '../../src/model/errors';
import { ScriptedBackend, renderForm } from './comment-form-harness';

const EMAIL = 'Email (required) (Address never made public)';
const PAGE = '/small-is-beautiful';
const textarea = () => screen.getByRole('textbox', { name: 'Enter your comment here...' }) as HTMLTextAreaElement;
const field = (name: string) => screen.getByRole('textbox', { name }) as HTMLInputElement;
const postButton = () => screen.getByRole('button', { name: 'Post Comment' });
const OFFLINE = 'Could not reach the comments server. Check your connection and try again.';
const NOT_SENT = 'Not sent yet: your comment will be sent when the connection returns.';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  localStorage.clear();
});

async function fillGuest(user: ReturnType<typeof renderForm>['user'], body = 'Small is indeed beautiful.') {
  await user.type(textarea(), body);
  await user.type(field(EMAIL), 'ada@example.org');
  await user.type(field('Name (required)'), 'Ada Lovelace');
}

/** A memory backend whose first `drops` answers to a post are lost after the comment was stored. */
function losingAnswers(memory: MemoryBackend, drops = 1): Backend & { keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    getConfig: (signal) => memory.getConfig(signal),
    listComments: (query) => memory.listComments(query),
    async postComment(input) {
      keys.push(input.idempotencyKey);
      const comment = await memory.postComment(input);
      if (drops-- > 0) throw new NatterError('network', 'postComment: the connection dropped');
      return comment;
    },
  };
}

async function commentsOnPage(memory: MemoryBackend) {
  return (await memory.listComments({ pageId: PAGE })).comments;
}

describe('nothing typed is lost', () => {
  it('restores the text and guest details after a reload', async () => {
    const first = renderForm();
    await fillGuest(first.user, 'Half-written thought');
    await first.user.type(field('Website'), 'ada.example.org');
    first.unmount();

    renderForm();
    expect(textarea().value).toBe('Half-written thought');
    expect(field(EMAIL).value).toBe('ada@example.org');
    expect(field('Name (required)').value).toBe('Ada Lovelace');
    expect(field('Website').value).toBe('ada.example.org');
    expect(postButton()).toBeTruthy();
  });


  it('counts the time to submit from when typing began, even after the form is shown again', async () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const first = renderForm();
    await fillGuest(first.user, 'Written slowly, posted after a reload');
    first.unmount();

    now.mockReturnValue(1_000_000 + 60_000);
    const second = renderForm();
    await second.user.click(postButton());
    const [post] = (second.backend as ScriptedBackend).posts;
    expect(post?.elapsedMs).toBe(60_000);
  });
  it('keeps the text after a failed post, and still after a reload', async () => {
    const backend = new ScriptedBackend();
    backend.script = [new NatterError('server', 'postComment: 500')];
    const first = renderForm({ backend });
    await fillGuest(first.user, 'Do not lose me');
    await first.user.click(postButton());
    expect(await screen.findByText('Something went wrong. Please try again.')).toBeTruthy();
    expect(textarea().value).toBe('Do not lose me');
    first.unmount();

    renderForm();
    expect(textarea().value).toBe('Do not lose me');
  });

  it('retries with the same idempotency key, so the backend keeps one comment', async () => {
    const memory = new MemoryBackend();
    const backend = losingAnswers(memory);
    const { user } = renderForm({ backend, config: await memory.getConfig() });
    await fillGuest(user);
    await user.click(postButton());
    expect(await screen.findByText(OFFLINE)).toBeTruthy();
    expect(textarea().value).toBe('Small is indeed beautiful.');

    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(textarea().value).toBe(''));
    expect(backend.keys).toHaveLength(2);
    expect(backend.keys[1]).toBe(backend.keys[0]);
    const stored = await commentsOnPage(memory);
    expect(stored).toHaveLength(1);
    await waitFor(() => expect(document.getElementById(`comment-${stored[0]?.id}`)).not.toBeNull());
  });

  it('keeps a post made offline as not sent yet, and sends it once when the connection returns', async () => {
    const memory = new MemoryBackend();
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const keys: string[] = [];
    const backend: Backend = {
      getConfig: (signal) => memory.getConfig(signal),
      listComments: (query) => memory.listComments(query),
      postComment(input) {
        keys.push(input.idempotencyKey);
        return navigator.onLine ? memory.postComment(input) : Promise.reject(new NatterError('network', 'postComment: offline'));
      },
    };
    const { user } = renderForm({ backend, config: await memory.getConfig() });
    await fillGuest(user);
    await user.click(postButton());
    expect(await screen.findByText(NOT_SENT)).toBeTruthy();
    expect(textarea().value).toBe('Small is indeed beautiful.');

    online.mockReturnValue(true);
    // The form starts listening once its effects have run, after the next paint.
    await waitFor(() => {
      window.dispatchEvent(new Event('online'));
      expect(textarea().value).toBe('');
    });
    expect(keys).toEqual([keys[0], keys[0]]);
    expect(await commentsOnPage(memory)).toHaveLength(1);
    expect(screen.queryByText(NOT_SENT)).toBeNull();
    window.dispatchEvent(new Event('online'));
    expect(keys).toHaveLength(2);
  });

  it('sends a post left not sent yet as soon as the page is back online, once', async () => {
    const memory = new MemoryBackend();
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const backend = losingAnswers(memory, 0);
    const offline: Backend = { ...backend, postComment: () => Promise.reject(new NatterError('network', 'postComment: offline')) };
    const config = await memory.getConfig();
    const first = renderForm({ backend: offline, config });
    await fillGuest(first.user);
    await first.user.click(postButton());
    expect(await screen.findByText(NOT_SENT)).toBeTruthy();
    first.unmount();

    // Reloaded while still offline: the post is still waiting, and says so.
    const second = renderForm({ backend, config });
    expect(screen.getByText(NOT_SENT)).toBeTruthy();
    expect(textarea().value).toBe('Small is indeed beautiful.');
    expect(backend.keys).toHaveLength(0);
    second.unmount();

    online.mockReturnValue(true);
    renderForm({ backend, config });
    await waitFor(() => expect(textarea().value).toBe(''));
    expect(backend.keys).toHaveLength(1);
    expect(await commentsOnPage(memory)).toHaveLength(1);
  });

  it('does not promise to send later when the browser is online but the server cannot be reached', async () => {
    const backend = new ScriptedBackend();
    backend.script = [new NatterError('network', 'postComment: unreachable')];
    const { user } = renderForm({ backend });
    await fillGuest(user);
    await user.click(postButton());
    expect(await screen.findByText(OFFLINE)).toBeTruthy();
    expect(screen.queryByText(NOT_SENT)).toBeNull();
    window.dispatchEvent(new Event('online'));
    expect(backend.posts).toHaveLength(1);
  });

  it('shows Posting… while a post is on its way', async () => {
    const backend = new ScriptedBackend();
    backend.script = ['hold'];
    const { user } = renderForm({ backend });
    await fillGuest(user);
    await user.click(postButton());
    expect(await screen.findByText('Posting…')).toBeTruthy();
    backend.release();
    await waitFor(() => expect(textarea().value).toBe(''));
    expect(screen.queryByText('Posting…')).toBeNull();
  });

  it('posting again after a reload reuses the pending idempotency key', async () => {
    const memory = new MemoryBackend();
    const backend = losingAnswers(memory);
    const config = await memory.getConfig();
    const first = renderForm({ backend, config });
    await fillGuest(first.user);
    await first.user.click(postButton());
    expect(await screen.findByText(OFFLINE)).toBeTruthy();
    first.unmount();

    const second = renderForm({ backend, config });
    await second.user.click(postButton());
    await waitFor(() => expect(textarea().value).toBe(''));
    expect(backend.keys).toEqual([backend.keys[0], backend.keys[0]]);
    expect(await commentsOnPage(memory)).toHaveLength(1);
  });

  it('clears the draft only once the backend confirms the post', async () => {
    const backend = new ScriptedBackend();
    backend.script = ['hold'];
    const first = renderForm({ backend });
    await fillGuest(first.user, 'Pending text');
    await first.user.click(postButton());
    const stored = () => Object.keys(localStorage).filter((k) => k.startsWith('natter:draft:'));
    expect(stored()).toHaveLength(1);
    expect(localStorage.getItem(stored()[0] ?? '')).toContain(backend.posts[0]?.idempotencyKey ?? 'missing');

    backend.release();
    await waitFor(() => expect(textarea().value).toBe(''));
    expect(stored()).toHaveLength(0);
    first.unmount();
    renderForm();
    expect(textarea().value).toBe('');
  });

  it('gives the next comment a new idempotency key', async () => {
    const { user, backend } = renderForm();
    await fillGuest(user, 'First');
    await user.click(postButton());
    await waitFor(() => expect(textarea().value).toBe(''));
    await user.type(textarea(), 'Second');
    await user.click(postButton());
    const posts = (backend as ScriptedBackend).posts;
    expect(posts.map((p) => p.body)).toEqual(['First', 'Second']);
    expect(posts[1]?.idempotencyKey).not.toBe(posts[0]?.idempotencyKey);
  });

  it('still posts when merely touching localStorage throws', async () => {
    const original = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('The document is sandboxed', 'SecurityError');
      },
    });
    try {
      const { user, backend, announced } = renderForm();
      await fillGuest(user);
      await user.click(postButton());
      await waitFor(() => expect(announced).toEqual(['Comment posted.']));
      expect((backend as ScriptedBackend).comments).toHaveLength(1);
    } finally {
      if (original) Object.defineProperty(globalThis, 'localStorage', original);
    }
  });

  it('still posts when storage is full or refuses every call', async () => {
    const refuse = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(refuse);
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(refuse);
    vi.spyOn(Storage.prototype, 'removeItem').mockImplementation(refuse);
    const { user, backend, announced } = renderForm();
    await fillGuest(user);
    await user.click(postButton());
    await waitFor(() => expect(announced).toEqual(['Comment posted.']));
    expect((backend as ScriptedBackend).comments).toHaveLength(1);
    expect(textarea().value).toBe('');
  });
});
