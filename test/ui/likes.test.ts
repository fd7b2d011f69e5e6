// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend';
import type { LikeSummary } from '../../src/model/types';
import { fakeBackend, makeComment, testConfig } from './fake-backend';
import { renderApp } from './render-app';

afterEach(cleanup);

function likesBackend(initial: LikeSummary, extra: Partial<Backend> = {}) {
  let summary = initial;
  return fakeBackend([makeComment('a')], {
    async getLikes() { return summary; },
    async setLike(_page, liked) {
      const me = { name: 'Me' };
      summary = liked
        ? { count: summary.count + 1, liked: true, likers: [me, ...summary.likers] }
        : { count: summary.count - 1, liked: false, likers: summary.likers.filter((l) => l !== me && l.name !== 'Me') };
      return summary;
    },
    ...extra,
  });
}

describe('Likes', () => {
  it('invites the first like when nobody likes the post yet', async () => {
    renderApp(likesBackend({ count: 0, liked: false, likers: [] }));
    const button = await screen.findByRole('button', { name: /Like/ });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByText('Be the first to like this.')).toBeTruthy();
  });

  it('says one blogger likes it for a single like', async () => {
    renderApp(likesBackend({ count: 1, liked: false, likers: [{ name: 'Ada' }] }));
    expect(await screen.findByText('One blogger likes this.')).toBeTruthy();
  });

  it('counts bloggers and shows the likers’ avatars', async () => {
    renderApp(likesBackend({ count: 3, liked: false, likers: [{ name: 'Ada' }, { name: 'Bea' }, { name: 'Cy' }] }));
    expect(await screen.findByText('3 bloggers like this:')).toBeTruthy();
    const strip = screen.getByRole('list', { name: 'People who like this' });
    expect(within(strip).getAllByRole('img').map((i) => i.getAttribute('aria-label') ?? i.getAttribute('alt')))
      .toEqual(['Ada', 'Bea', 'Cy']);
  });

  it('likes and unlikes with the pressed state and the count following', async () => {
    renderApp(likesBackend({ count: 2, liked: false, likers: [{ name: 'Ada' }, { name: 'Bea' }] }));
    const button = await screen.findByRole('button', { name: /Like/ });
    fireEvent.click(button);
    await waitFor(() => expect(button.getAttribute('aria-pressed')).toBe('true'));
    expect(button.textContent).toContain('Liked');
    expect(screen.getByText('3 bloggers like this:')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('You like this.');
    fireEvent.click(button);
    await waitFor(() => expect(button.getAttribute('aria-pressed')).toBe('false'));
    expect(screen.getByText('2 bloggers like this:')).toBeTruthy();
  });

  it('follows the like count from live events', async () => {
    const backend = likesBackend({ count: 1, liked: false, likers: [{ name: 'Ada' }] });
    renderApp(backend);
    await screen.findByText('One blogger likes this.');
    // Live updates start with the interaction parts, once the browser is idle.
    await waitFor(() => expect(backend.subscribers()).toBe(1));
    backend.emit({ type: 'likes', count: 5 });
    expect(await screen.findByText('5 bloggers like this:')).toBeTruthy();
  });

  it('is absent when the backend has no likes', async () => {
    renderApp(fakeBackend([makeComment('a')]));
    await screen.findByText('Body of a');
    expect(screen.queryByRole('button', { name: /Like/ })).toBeNull();
  });

  it('is absent when the site turns likes off', async () => {
    renderApp(likesBackend({ count: 4, liked: false, likers: [] }, {
      async getConfig() { return testConfig({}, { likes: false }); },
    }));
    await screen.findByText('Body of a');
    expect(screen.queryByRole('button', { name: /Like/ })).toBeNull();
    expect(screen.queryByText(/like this/)).toBeNull();
  });
});

describe('Likes after refresh()', () => {
  it('fetches the likes again when the widget is refreshed', async () => {
    const { mount } = await import('../../src/mount');
    let count = 1;
    const backend = fakeBackend([makeComment('a')], {
      async getLikes() { return { count, liked: false, likers: [] }; },
      async setLike() { return { count, liked: true, likers: [] }; },
    });
    const el = document.createElement('div');
    document.body.append(el);
    const handle = mount(el, { backend });
    const root = await waitFor(() => {
      const found = el.shadowRoot?.querySelector<HTMLElement>('.natter');
      if (!found) throw new Error('not yet');
      return found;
    });
    await within(root).findByText('One blogger likes this.');
    count = 4;
    handle.refresh();
    expect(await within(root).findByText('4 bloggers like this:')).toBeTruthy();
    handle.unmount();
    el.remove();
  });
});

describe('Likes that fail to load', () => {
  it('stay hidden without an alert, and the thread still shows', async () => {
    renderApp(fakeBackend([makeComment('a')], {
      async getLikes() { throw new Error('likes down'); },
      async setLike() { throw new Error('unused'); },
    }));
    await screen.findByText('Body of a');
    expect(screen.queryByRole('button', { name: /Like/ })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('A like that fails', () => {
  it('says why and leaves the button as it was', async () => {
    const { NatterError } = await import('../../src/model/errors');
    renderApp(fakeBackend([makeComment('a')], {
      async getLikes() { return { count: 2, liked: false, likers: [] }; },
      async setLike() { throw new NatterError('rate_limited', 'setLike: 429'); },
    }));
    const button = await screen.findByRole('button', { name: /Like/ });
    fireEvent.click(button);
    expect((await screen.findByRole('alert')).textContent).toBe('You are posting comments too quickly. Slow down.');
    expect(button.getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByText('2 bloggers like this:')).toBeTruthy();
  });
});
