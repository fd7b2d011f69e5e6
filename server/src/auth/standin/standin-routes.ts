import { Hono } from 'hono';
import type { ProviderId } from '../provider-ids';
import { googleStandin } from './google-standin';
import { oauthStandin, type StandinClient } from './oauth-standin';
import { FACEBOOK_FLAVOUR, TWITTER_FLAVOUR, WORDPRESS_FLAVOUR } from './standin-flavours';

/** The path the stand-ins are mounted under, on natter's own origin. */
export const STANDIN_MOUNT = '/_standin';

/** Options for {@link standinRoutes}. */
export interface StandinRoutesOptions {
  /** natter's public URL (the stand-ins live on the same origin). */
  publicUrl: string;
  /** natter's client registration at each stand-in. */
  clients: Record<ProviderId, StandinClient>;
  /** Receives errors the Google stand-in would otherwise hide. */
  onError?: (error: unknown) => void;
}

/** Where the stand-in for `provider` lives, given natter's public URL. */
export function standinBaseUrl(publicUrl: string, provider: ProviderId): string {
  return `${publicUrl.replace(/\/+$/, '')}${STANDIN_MOUNT}/${provider}`;
}

/**
 * The four local stand-in providers as one Hono app, to mount at
 * {@link STANDIN_MOUNT}. Development mode only.
 */
export async function standinRoutes(options: StandinRoutesOptions): Promise<Hono> {
  const base = (provider: ProviderId) => standinBaseUrl(options.publicUrl, provider);
  const app = new Hono();
  app.route('/wordpress', oauthStandin(WORDPRESS_FLAVOUR, { base: base('wordpress'), client: options.clients.wordpress }));
  app.route('/twitter', oauthStandin(TWITTER_FLAVOUR, { base: base('twitter'), client: options.clients.twitter }));
  app.route('/facebook', oauthStandin(FACEBOOK_FLAVOUR, { base: base('facebook'), client: options.clients.facebook }));
  app.route('/google', await googleStandin({ base: base('google'), client: options.clients.google, onError: options.onError }));
  return app;
}
