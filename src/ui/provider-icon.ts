import { html } from './html';
import type { ProviderInfo } from '../identity/providers';

/** Props of {@link ProviderIcon}. */
export interface Props {
  provider: ProviderInfo;
}

/** A provider's mark as inline SVG: decorative, the button around it carries the name. */
export function ProviderIcon({ provider }: Props) {
  return html`<svg class="natter-provider-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
    <rect width="24" height="24" rx="5" fill=${provider.background} />
    ${provider.icon.map(
      (shape) => html`<path
        d=${shape.d}
        fill=${shape.fill ?? 'currentColor'}
        stroke=${shape.stroke}
        stroke-width=${shape.stroke ? (shape.strokeWidth ?? 2) : undefined}
        stroke-linecap=${shape.stroke ? 'round' : undefined}
        stroke-linejoin=${shape.stroke ? 'round' : undefined}
      />`,
    )}
  </svg>`;
}
