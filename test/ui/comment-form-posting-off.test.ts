// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/preact';
import { afterEach, expect, it } from 'vitest';
import { renderForm, siteConfig, type ScriptedBackend } from './comment-form-harness';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

it('says that comments cannot be posted from the page when the site takes neither guests nor sign-ins', async () => {
  const { user, backend } = renderForm({ config: siteConfig({ guests: false, providers: [] }) });
  const textarea = screen.getByRole('textbox', { name: 'Enter your comment here...' });
  await user.type(textarea, 'Hello');
  expect(screen.getByText('Comments cannot be posted from this page.')).toBeTruthy();
  expect(screen.queryByRole('textbox', { name: 'Name (required)' })).toBeNull();
  await user.click(screen.getByRole('button', { name: 'Post Comment' }));
  expect(screen.getByRole('alert').textContent).toBe('Comments cannot be posted from this page.');
  expect((backend as ScriptedBackend).posts).toHaveLength(0);
});
