import { html } from './html';
import type { ProviderInfo } from '../identity/providers';

/** Props of {@link ProviderIcon}. */
export interface Props {
  provider: ProviderInfo;
}

/** A provider's mark as inline SVG: decorative, the button around it carries the name. */
export function ProviderIcon({ provider }: Props) {
  return html`<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"
    focusable="false" stroke-linecap="round" stroke-linejoin="round">
    <rect width="24" height="24" rx="5" fill=${provider.background} />
    ${provider.icon.map((s) => html`<path d=${s.d} fill=${s.fill ?? (s.stroke ? 'none' : '#fff')}
      stroke=${s.stroke} stroke-width=${s.stroke && (s.strokeWidth ?? 2)} />`)}
  </svg>`;
}
