// @vitest-environment jsdom
import { waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ELEMENT_NAME, defineNatterComments } from '../../src/entries/element';
import { fakeBackend, makeComment } from './fake-backend';

afterEach(() => {
  document.body.replaceChildren();
  localStorage.clear();
});

type NatterElement = HTMLElement & { backend: unknown };

async function rendered(el: Element): Promise<HTMLElement> {
  return waitFor(() => {
    const root = el.shadowRoot?.querySelector<HTMLElement>('.natter');
    if (!root) throw new Error('not rendered yet');
    return root;
  }, { timeout: 5000 });
}

describe('<natter-comments>', () => {
  it('is defined once, however often natter asks', () => {
    defineNatterComments();
    const first = customElements.get(ELEMENT_NAME);
    expect(first).toBeDefined();
    expect(() => defineNatterComments()).not.toThrow();
    expect(customElements.get(ELEMENT_NAME)).toBe(first);
  });

  it('mounts a thread from its attributes with the memory backend', async () => {
    defineNatterComments();
    document.body.innerHTML = '<natter-comments backend="memory" page-id="/p" page-title="Hello" theme="dark"></natter-comments>';
    const el = document.querySelector(ELEMENT_NAME);
    if (!el) throw new Error('element missing');
    const root = await rendered(el);
    expect(await within(root).findByText('No comments yet.', {}, { timeout: 5000 })).toBeTruthy();
    expect(el.getAttribute('data-theme')).toBe('dark');
  });

  it('takes a backend instance as a property, and unmounts when removed from the page', async () => {
    defineNatterComments();
    const backend = fakeBackend([makeComment('a')]);
    const el = document.createElement(ELEMENT_NAME) as NatterElement;
    el.setAttribute('page-id', '/prop');
    el.setAttribute('page-title', 'Hello');
    el.backend = backend;
    document.body.append(el);
    const root = await rendered(el);
    await within(root).findByText('Body of a', {}, { timeout: 5000 });
    expect(within(root).getByRole('heading', { level: 2 }).textContent).toBe('One thought on “Hello”');
    expect(el.hasAttribute('title')).toBe(false);
    expect(backend.queries[0]?.pageId).toBe('/prop');
    // Live updates start with the interaction parts, once the browser is idle.
    await waitFor(() => expect(backend.subscribers()).toBe(1), { timeout: 5000 });
    el.remove();
    expect(backend.subscribers()).toBe(0);
    expect(el.shadowRoot?.querySelector('.natter')).toBeNull();
  });

  it('reports a bad backend attribute without throwing at the page', () => {
    defineNatterComments();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    document.body.innerHTML = '<natter-comments backend="ftp://nope"></natter-comments>';
    expect(errors).toHaveBeenCalledOnce();
    expect(String(errors.mock.calls[0]?.[0])).toContain('backend must be');
    errors.mockRestore();
  });
});
