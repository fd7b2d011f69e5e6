import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema';
import type { ProviderId } from './provider-ids';
import { isProviderId } from './provider-ids';

/** A provider sign-in in progress, stored until its callback consumes it. */
export interface AuthAttempt {
  provider: ProviderId;
  /** PKCE code verifier (its S256 challenge went to the provider). */
  codeVerifier: string;
  /** OpenID Connect nonce expected in the id_token. */
  oidcNonce: string;
  /** The embedding page's origin, the only target of the callback's message. */
  origin: string;
  /** The widget's nonce, echoed in the callback's message. */
  widgetNonce: string;
  mode: 'popup' | 'redirect';
  /** Where redirect mode returns to (already checked against the allowed origins). */
  returnUrl: string | null;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * Sign-in state that must hold across server processes: attempts keyed by
 * their `state`, and one-time login codes. Values are looked up by their hash
 * (the caller hashes), and every `take` is single-use and atomic.
 */
export interface AuthStore {
  putAttempt(stateHash: string, attempt: AuthAttempt, now: number): Promise<void>;
  /** Removes and returns the attempt; `null` when unknown, already used or expired. */
  takeAttempt(stateHash: string, now: number): Promise<AuthAttempt | null>;
  putLoginCode(codeHash: string, userId: string, expiresAt: number, now: number): Promise<void>;
  /** Removes the code and returns its user id; `null` when unknown, already used or expired. */
  takeLoginCode(codeHash: string, now: number): Promise<string | null>;
}

/** The tables of migration `0002_sign_in`. */
export type AuthTables = {
  auth_attempts: {
    state_hash: string; provider: string; code_verifier: string; oidc_nonce: string; origin: string;
    widget_nonce: string; mode: string; return_url: string | null; expires_at: number;
  };
  login_codes: { code_hash: string; user_id: string; expires_at: number };
};

/** {@link AuthStore} on natter's database (SQLite or PostgreSQL), through Kysely. */
export class KyselyAuthStore implements AuthStore {
  private readonly db: Kysely<Database & AuthTables>;

  /** `db` is natter's database handle; only the sign-in tables are touched. */
  constructor(db: Kysely<Database>) {
    this.db = db.withTables<AuthTables>();
  }

  async putAttempt(stateHash: string, attempt: AuthAttempt, now: number): Promise<void> {
    await this.db.deleteFrom('auth_attempts').where('expires_at', '<', now).execute();
    await this.db.insertInto('auth_attempts').values({
      state_hash: stateHash, provider: attempt.provider, code_verifier: attempt.codeVerifier,
      oidc_nonce: attempt.oidcNonce, origin: attempt.origin, widget_nonce: attempt.widgetNonce,
      mode: attempt.mode, return_url: attempt.returnUrl, expires_at: attempt.expiresAt,
    }).execute();
  }

  async takeAttempt(stateHash: string, now: number): Promise<AuthAttempt | null> {
    const row = await this.db.deleteFrom('auth_attempts').where('state_hash', '=', stateHash).returningAll().executeTakeFirst();
    if (!row || Number(row.expires_at) <= now || !isProviderId(row.provider)) return null;
    return {
      provider: row.provider, codeVerifier: row.code_verifier, oidcNonce: row.oidc_nonce, origin: row.origin,
      widgetNonce: row.widget_nonce, mode: row.mode === 'redirect' ? 'redirect' : 'popup', returnUrl: row.return_url,
      expiresAt: Number(row.expires_at),
    };
  }

  async putLoginCode(codeHash: string, userId: string, expiresAt: number, now: number): Promise<void> {
    await this.db.deleteFrom('login_codes').where('expires_at', '<', now).execute();
    await this.db.insertInto('login_codes').values({ code_hash: codeHash, user_id: userId, expires_at: expiresAt }).execute();
  }

  async takeLoginCode(codeHash: string, now: number): Promise<string | null> {
    const row = await this.db.deleteFrom('login_codes').where('code_hash', '=', codeHash).returningAll().executeTakeFirst();
    return row && Number(row.expires_at) > now ? row.user_id : null;
  }
}
