// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
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

  it('says English word for word as Intl.RelativeTimeFormat does, without building one', () => {
    const intl = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
    const units: [Intl.RelativeTimeFormatUnit, number][] = [['minute', 60], ['hour', 3600], ['day', 86_400], ['week', 604_800], ['month', 2_592_000], ['year', 31_536_000]];
    for (const [unit, size] of units) {
      for (const value of [-1, 1, -2, 2, -3, 4, -11, 59, -59]) {
        // A value the unit is picked for: below the next unit's size.
        const next = units[units.findIndex(([u]) => u === unit) + 1];
        if (next && Math.abs(value) * size >= next[1]) continue;
        expect(relativeText(value * size, 'en'), `${value} ${unit}`).toBe(intl.format(value, unit));
      }
    }
    expect(relativeText(-20, 'en')).toBe(intl.format(0, 'second'));
  });

  it('renders a time element, and writes the exact time as its title when the pointer comes over it', () => {
    const iso = new Date(now - 2 * 3600_000).toISOString();
    render(h(RelativeTime, { iso, locale: 'en', now }));
    const time = screen.getByText('2 hours ago');
    expect(time.tagName).toBe('TIME');
    expect(time.getAttribute('datetime')).toBe(iso);
    expect(time.getAttribute('title')).toBeNull();
    fireEvent.pointerEnter(time);
    expect(time.getAttribute('title')).toMatch(/June 15, 2024/);
  });

  it('renders nothing for a date it cannot read', () => {
    const { container } = render(h(RelativeTime, { iso: 'not a date', locale: 'en', now }));
    expect(container.innerHTML).toBe('');
  });
});
