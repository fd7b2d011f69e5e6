// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/preact';
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { RelativeTime, relativeText } from '../../src/ui/relative-time';

afterEach(cleanup);

const now = Date.UTC(2024, 5, 15, 12, 0, 0);

describe('RelativeTime', () => {
  it('says how long ago in the reader’s language', () => {
    expect(relativeText(-30, 'en')).toBe('now');
    expect(relativeText(-5 * 60, 'en')).toBe('5 minutes ago');
    expect(relativeText(-86_400, 'en')).toBe('yesterday');
    expect(relativeText(-3 * 86_400, 'fr')).toBe('il y a 3 jours');
    expect(relativeText(-2 * 3600, 'de')).toBe('vor 2 Stunden');
  });

  it('renders a time element with the exact time in its title', () => {
    const iso = new Date(now - 2 * 3600_000).toISOString();
    render(h(RelativeTime, { iso, locale: 'en', now }));
    const time = screen.getByText('2 hours ago');
    expect(time.tagName).toBe('TIME');
    expect(time.getAttribute('datetime')).toBe(iso);
    expect(time.getAttribute('title')).toMatch(/June 15, 2024/);
  });

  it('renders nothing for a date it cannot read', () => {
    const { container } = render(h(RelativeTime, { iso: 'not a date', locale: 'en', now }));
    expect(container.innerHTML).toBe('');
  });
});
