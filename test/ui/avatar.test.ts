// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Avatar, hue, initials } from '../../src/ui/avatar';

afterEach(cleanup);

describe('Avatar', () => {
  it('shows the author’s picture when it has an http(s) address', () => {
    render(h(Avatar, { author: { name: 'Ada Lovelace', avatarUrl: 'https://avatars.example/ada.png' } }));
    const img = screen.getByRole('img', { name: 'Ada Lovelace' });
    expect(img.tagName).toBe('IMG');
    expect(img.getAttribute('src')).toBe('https://avatars.example/ada.png');
    expect(img.getAttribute('referrerpolicy')).toBe('no-referrer');
    // Off the first-paint path: fetched when near the viewport, decoded off the main thread, its box sized before it loads.
    expect(img.getAttribute('loading')).toBe('lazy');
    expect(img.getAttribute('decoding')).toBe('async');
    expect(img.getAttribute('width')).toBe(img.getAttribute('height'));
    expect(Number(img.getAttribute('width'))).toBeGreaterThan(0);
  });

  it('draws initials on a colour instead of loading anything when there is no picture', () => {
    render(h(Avatar, { author: { name: 'Ada Lovelace' } }));
    const generated = screen.getByRole('img', { name: 'Ada Lovelace' });
    expect(generated.tagName).toBe('SPAN');
    expect(generated.textContent).toBe('AL');
    expect(generated.getAttribute('style')).toContain('background');
    expect(document.querySelector('img')).toBeNull();
  });

  it('never loads a picture from a javascript: or data: address', () => {
    render(h('div', null,
      h(Avatar, { author: { name: 'Mallory', avatarUrl: 'javascript:alert(1)' } }),
      h(Avatar, { author: { name: 'Eve', avatarUrl: 'data:image/svg+xml,<svg onload=alert(1)>' } })));
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByRole('img', { name: 'Mallory' }).textContent).toBe('M');
  });

  it('falls back to the initials when the picture fails to load', async () => {
    render(h(Avatar, { author: { name: 'Ada Lovelace', avatarUrl: 'https://avatars.example/missing.png' } }));
    fireEvent.error(screen.getByRole('img', { name: 'Ada Lovelace' }));
    const generated = await screen.findByText('AL');
    expect(generated.getAttribute('aria-label')).toBe('Ada Lovelace');
    expect(document.querySelector('img')).toBeNull();
  });

  it('is hidden from assistive technology when its alt text is empty', () => {
    const { container } = render(h(Avatar, { author: { name: 'Ada' }, alt: '' }));
    expect(screen.queryByRole('img')).toBeNull();
    expect(container.querySelector('[aria-hidden="true"]')?.textContent).toBe('A');
  });

  it('gives one name always the same colour and takes whole characters as initials', () => {
    expect(hue('Ada Lovelace')).toBe(hue('Ada Lovelace'));
    expect(hue('Ada Lovelace')).not.toBe(hue('Grace Hopper'));
    expect(initials('  émile   zola ')).toBe('ÉZ');
    expect(initials('😀 smile')).toBe('😀S');
    expect(initials('   ')).toBe('?');
  });
});
