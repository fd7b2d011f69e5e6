/** The identity providers natter's server can sign readers in with (the widget's `PROVIDERS`). */
export const PROVIDER_IDS = ['wordpress', 'google', 'twitter', 'facebook'] as const;

/** One of {@link PROVIDER_IDS}. */
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** True when `value` names a provider natter knows. */
export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === 'string' && (PROVIDER_IDS as readonly string[]).includes(value);
}
