import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono, type Context } from 'hono';
import { exportJWK, generateKeyPair } from 'jose';
import { consentPage, STANDIN_PAGE_HEADERS } from './consent-page';
import { standinAvatarPng } from './standin-avatar';
import type { StandinClient } from './oauth-standin';
import { STANDIN_USERS, standinUser } from './standin-users';

/** Options for {@link googleStandin}. */
export interface GoogleStandinOptions {
  /** Absolute URL of the mount point; also the issuer, e.g. `http://127.0.0.1:8080/_standin/google`. */
  base: string;
  client: StandinClient;
  /** Called with oidc-provider's internal errors, which it otherwise hides behind `server_error`. */
  onError?: (error: unknown) => void;
}

interface NodeBindings { incoming?: IncomingMessage & { originalUrl?: string }; outgoing?: ServerResponse }

function nodeOf(c: Context): { incoming: IncomingMessage & { originalUrl?: string }; outgoing: ServerResponse } | undefined {
  const env: unknown = c.env;
  if (typeof env !== 'object' || env === null) return undefined;
  const { incoming, outgoing } = env as NodeBindings;
  return incoming && outgoing ? { incoming, outgoing } : undefined;
}

/**
 * A local stand-in for Google: a real OpenID Provider (oidc-provider) with
 * discovery, PKCE, id_tokens carrying `nonce`, name, picture and verified
 * email, and a consent page to pick a test user. It needs the Node server
 * (`@hono/node-server`) because oidc-provider is a Koa app: its requests are
 * handed the raw Node request and response.
 */
export async function googleStandin(options: GoogleStandinOptions): Promise<Hono> {
  // Loaded only in development mode: production never needs it.
  const { default: Provider, interactionPolicy } = await import('oidc-provider');
  const { createMemoryAdapter } = await import('oidc-provider/lib/adapters/memory_adapter.js');
  // Google's `prompt=select_account`: the stand-in shows its user picker every time.
  const policy = interactionPolicy.base();
  policy.add(new interactionPolicy.Prompt({ name: 'select_account', requestable: true }), 0);
  const basePath = new URL(options.base).pathname.replace(/\/+$/, '');
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'natter-standin' };

  const provider = new Provider(options.base, {
    clients: [{
      client_id: options.client.clientId,
      client_secret: options.client.clientSecret,
      redirect_uris: [options.client.redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    }],
    // In memory on purpose (a stand-in forgets on restart), and this instance's own store.
    adapter: createMemoryAdapter(),
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    // Google puts profile claims in the id_token; so does the stand-in.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'picture'],
      email: ['email', 'email_verified'],
    },
    features: { devInteractions: { enabled: false } },
    interactions: { policy, url: (_ctx: unknown, interaction: { uid: string }) => `${basePath}/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, sub: string) => {
      const user = STANDIN_USERS.find((u) => u.ids.google === sub);
      if (!user) return undefined;
      const [given, ...family] = user.name.split(' ');
      return {
        accountId: sub,
        claims: () => ({
          sub,
          name: user.name,
          given_name: given,
          family_name: family.join(' '),
          picture: `${options.base}/avatar/${user.key}.png`,
          email: user.email,
          email_verified: user.key !== 'mallory',
        }),
      };
    },
  });
  provider.on('server_error', (_ctx: unknown, error: unknown) => options.onError?.(error));

  const app = new Hono();

  app.get('/interaction/:uid', async (c) => {
    const node = nodeOf(c);
    if (!node) return c.text('The Google stand-in needs the Node server', 503);
    const details = await provider.interactionDetails(node.incoming, node.outgoing);
    return c.html(consentPage({ label: 'Google', action: `${options.base}/interaction/${details.uid}`, fields: {}, clientName: 'natter' }), 200, STANDIN_PAGE_HEADERS);
  });

  app.post('/interaction/:uid', async (c) => {
    const node = nodeOf(c);
    if (!node) return c.text('The Google stand-in needs the Node server', 503);
    const details = await provider.interactionDetails(node.incoming, node.outgoing);
    const form = await c.req.parseBody();
    const user = standinUser(form.user);
    let result: Record<string, unknown>;
    if (form.deny !== undefined || !user) {
      result = { error: 'access_denied', error_description: 'The user denied the request' };
    } else {
      const grant = new provider.Grant({ accountId: user.ids.google, clientId: options.client.clientId });
      grant.addOIDCScope(typeof details.params.scope === 'string' ? details.params.scope : 'openid');
      result = { select_account: {}, login: { accountId: user.ids.google }, consent: { grantId: await grant.save() } };
    }
    const to = await provider.interactionResult(node.incoming, node.outgoing, result, { mergeWithLastSubmission: false });
    return c.redirect(to, 303);
  });

  app.get('/avatar/:file{[a-z]+\\.png}', (c) => {
    const user = standinUser(c.req.param('file').replace(/\.png$/, ''));
    if (!user) return c.notFound();
    return c.body(new Uint8Array(standinAvatarPng(user.colour)), 200, { 'Content-Type': 'image/png', 'X-Content-Type-Options': 'nosniff' });
  });

  const handle = provider.callback();
  app.all('*', (c) => {
    const node = nodeOf(c);
    if (!node) return c.text('The Google stand-in needs the Node server', 503);
    const { incoming, outgoing } = node;
    const original = incoming.url ?? '/';
    const at = original.indexOf(basePath);
    if (at !== 0) return c.notFound();
    incoming.originalUrl = original;
    incoming.url = original.slice(basePath.length) || '/';
    return new Promise<Response>((resolve) => {
      const done = () => resolve(RESPONSE_ALREADY_SENT);
      outgoing.once('finish', done);
      outgoing.once('close', done);
      handle(incoming, outgoing);
    });
  });

  return app;
}
