import { PROVIDERS } from '../../model/types';
import type { SiteConfig } from '../../model/types';

/** A partial {@link SiteConfig}; `features` and `limits` may be partial too. */
export type SiteConfigInput = Omit<Partial<SiteConfig>, 'features' | 'limits'> & {
  features?: Partial<SiteConfig['features']>;
  limits?: Partial<SiteConfig['limits']>;
};

/**
 * The memory backend's site configuration: `input` merged over full defaults
 * (all four providers, guests allowed, every feature on, the reference limits).
 * `simulatedSignIn` is always true, because the memory backend's sign-in is local.
 */
export function memoryConfig(input: SiteConfigInput = {}): SiteConfig {
  return {
    providers: [...(input.providers ?? PROVIDERS)],
    guests: input.guests ?? true,
    requireNameEmail: input.requireNameEmail ?? true,
    features: {
      likes: true,
      notifyReplies: true,
      notifyPosts: true,
      edit: true,
      live: true,
      ...input.features,
    },
    limits: {
      bodyMaxLength: 10_000,
      nameMaxLength: 64,
      urlMaxLength: 2048,
      editWindowSeconds: 900,
      pageSizeMax: 100,
      ...input.limits,
    },
    simulatedSignIn: true,
  };
}
