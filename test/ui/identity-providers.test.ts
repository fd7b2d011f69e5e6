// @vitest-environment jsdom
import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { PROVIDER_INFO, providerInfo } from '../../src/identity/providers';
import { PROVIDERS } from '../../src/model/types';
import { html } from '../../src/ui/html';
import { ProviderIcon } from '../../src/ui/provider-icon';

describe('identity providers', () => {
  it('names the four providers as their users know them', () => {
    expect(PROVIDERS.map((id) => providerInfo(id).label)).toEqual(['WordPress.com', 'Google', 'Twitter', 'Facebook']);
  });

  it('keeps every mark to a few hundred bytes', () => {
    for (const id of PROVIDERS) {
      expect(JSON.stringify(PROVIDER_INFO[id].icon).length).toBeLessThan(300);
    }
  });

  it('draws a mark as decorative inline SVG with only path data from the table', () => {
    const { container } = render(html`<${ProviderIcon} provider=${providerInfo('google')} />`);
    const svg = container.querySelector('svg');
    expect(svg?.getAttribute('aria-hidden')).toBe('true');
    expect(svg?.getAttribute('focusable')).toBe('false');
    expect(svg?.querySelectorAll('path')).toHaveLength(4);
    expect(svg?.querySelector('[href], image, script, use')).toBeNull();
  });

  it('fills solid shapes white and leaves stroked ones unfilled', () => {
    const { container } = render(html`<${ProviderIcon} provider=${providerInfo('twitter')} />`);
    const [solid, line] = Array.from(container.querySelectorAll('path'));
    expect([solid?.getAttribute('fill'), solid?.hasAttribute('stroke')]).toEqual(['#fff', false]);
    expect([line?.getAttribute('fill'), line?.getAttribute('stroke'), line?.getAttribute('stroke-width')]).toEqual(['none', '#fff', '1.6']);
  });
});
