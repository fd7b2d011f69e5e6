import type { ProviderId } from '../model/types';

/** One shape of a provider mark, drawn on a 24×24 grid. */
export interface IconShape {
  /** SVG path data. */
  d: string;
  /** Fill colour. @default 'none' for stroked shapes, else white */
  fill?: string;
  /** Stroke colour, for line shapes (drawn with round caps and joins). */
  stroke?: string;
  /** Stroke width in grid units. @default 2 */
  strokeWidth?: number;
}

/** What the form needs to show a provider: its name and a small mark. */
export interface ProviderInfo {
  id: ProviderId;
  /** The provider's name, as its users know it (brand names are not translated). */
  label: string;
  /** The mark's background colour. */
  background: string;
  /** The mark's shapes, drawn over the background in order. */
  icon: IconShape[];
}

const WHITE = '#fff';

/**
 * Metadata of the four identity providers. The marks are simplified on
 * purpose: every byte here is downloaded by every reader of every article.
 */
export const PROVIDER_INFO: Record<ProviderId, ProviderInfo> = {
  wordpress: {
    id: 'wordpress',
    label: 'WordPress.com',
    background: '#2271b1',
    icon: [{ d: 'M5 7.5l3.4 10L12 10l3.6 7.5 3.4-10', stroke: WHITE }],
  },
  google: {
    id: 'google',
    label: 'Google',
    background: WHITE,
    icon: [
      { d: 'M19 12h-7', stroke: '#4285f4', strokeWidth: 2.6 },
      { d: 'M19 12a7 7 0 0 1-12.3 4.6', stroke: '#34a853', strokeWidth: 2.6 },
      { d: 'M6.7 16.6a7 7 0 0 1 0-9.2', stroke: '#fbbc05', strokeWidth: 2.6 },
      { d: 'M6.7 7.4a7 7 0 0 1 10.2-.4', stroke: '#ea4335', strokeWidth: 2.6 },
    ],
  },
  twitter: {
    id: 'twitter',
    label: 'Twitter',
    background: '#000',
    icon: [
      { d: 'M5 5h4l10 14h-4z' },
      { d: 'M18.5 5l-5.6 6.4M11.1 12.6L5.5 19', stroke: WHITE, strokeWidth: 1.6 },
    ],
  },
  facebook: {
    id: 'facebook',
    label: 'Facebook',
    background: '#1877f2',
    icon: [
      { d: 'M13.4 21v-7.2h2.4l.4-2.8h-2.8V9.3c0-.8.3-1.4 1.4-1.4h1.5V5.4a19 19 0 0 0-2.2-.1c-2.2 0-3.7 1.3-3.7 3.8V11H8v2.8h2.4V21z' },
    ],
  },
};

/** The metadata of `id`. */
export function providerInfo(id: ProviderId): ProviderInfo {
  return PROVIDER_INFO[id];
}
