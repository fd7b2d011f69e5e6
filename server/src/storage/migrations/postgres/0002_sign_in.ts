import type { Kysely } from 'kysely';

/**
 * Sign-in state shared by every server process: pending provider sign-ins
 * (single-use `state` with its PKCE verifier and nonces) and the one-time
 * login codes handed to the widget. Both are keyed by a hash, never the value.
 * Frozen: later changes go in new migrations.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('auth_attempts')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('oidc_nonce', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('widget_nonce', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('return_url', 'text')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('auth_attempts_expires').on('auth_attempts').column('expires_at').execute();

  await db.schema.createTable('login_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_codes_expires').on('login_codes').column('expires_at').execute();
}
