// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminApp } from '../../admin/admin-app';
import { createAdminApi } from '../../admin/admin-api';
import { sessionTokenStore } from '../../admin/token-store';
import { fakeAdminServer, fakeComment, PASSWORD } from './fake-admin-server';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

/** Violations axe finds in the document (colour contrast needs a real browser and is left out). */
async function violations(): Promise<string[]> {
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.passes.length).toBeGreaterThan(0);
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
}

describe('the admin page, audited with axe', () => {
  it('has no violations on the sign-in form, also after a wrong password', async () => {
    const server = fakeAdminServer([]);
    const user = userEvent.setup();
    render(h(AdminApp, { api: createAdminApi({ fetch: server.fetch }), tokens: sessionTokenStore(), download: () => {} }));
    expect(await violations()).toEqual([]);
    await user.type(screen.getByLabelText('Admin password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('alert');
    expect(await violations()).toEqual([]);
  });

  it('has no violations on the queue, nor while editing a comment', async () => {
    const server = fakeAdminServer([
      fakeComment({ id: '1', author: { name: 'Ada', email: 'ada@example.com', url: 'https://ada.example' }, bodyHtml: '<p>Hello <a href="https://x.example/">there</a></p><ul><li>one</li></ul>' }),
      fakeComment({ id: '2', pageTitle: null, pageUrl: null, author: { name: 'Brian', email: null } }),
    ]);
    const user = userEvent.setup();
    render(h(AdminApp, { api: createAdminApi({ fetch: server.fetch }), tokens: sessionTokenStore(), download: () => {} }));
    await user.type(screen.getByLabelText('Admin password'), PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(2));
    expect(await violations()).toEqual([]);
    await user.click(within(screen.getByRole('article', { name: /Ada/ })).getByRole('button', { name: 'Edit' }));
    expect(await violations()).toEqual([]);
  });
});
