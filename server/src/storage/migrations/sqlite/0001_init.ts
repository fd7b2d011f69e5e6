import type { Kysely } from 'kysely';

/** Creates natter's tables on SQLite. Frozen: later changes go in new migrations. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('pages')
    .addColumn('page_id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('title', 'text')
    .addColumn('url', 'text')
    .execute();

  await db.schema.createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('avatar_url', 'text')
    .addColumn('profile_url', 'text')
    .addColumn('email', 'text')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addUniqueConstraint('users_provider_subject', ['provider', 'subject'])
    .execute();

  await db.schema.createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'integer', (c) => c.notNull())
    .addColumn('revoked_at', 'integer')
    .execute();

  await db.schema.createTable('comments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'integer')
    .addColumn('root_id', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text')
    .addColumn('author_url', 'text')
    .addColumn('author_provider', 'text')
    .addColumn('avatar_key', 'text')
    .addColumn('visitor_hash', 'text')
    .addColumn('edit_token_hash', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('edited_at', 'integer')
    .execute();
  await db.schema.createIndex('comments_page_status').on('comments').columns(['page_id', 'status', 'id']).execute();
  await db.schema.createIndex('comments_root').on('comments').columns(['root_id', 'id']).execute();
  await db.schema.createIndex('comments_status').on('comments').columns(['status', 'id']).execute();
  await db.schema.createIndex('comments_email').on('comments').column('author_email').execute();
  await db.schema.createIndex('comments_user').on('comments').column('user_id').execute();
  await db.schema.createIndex('comments_content').on('comments').columns(['page_id', 'content_hash']).execute();

  await db.schema.createTable('likes')
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('liker_key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('email', 'text')
    .addColumn('avatar_key', 'text')
    .addColumn('provider', 'text')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('likes_pk', ['page_id', 'liker_key'])
    .execute();
  await db.schema.createIndex('likes_email').on('likes').column('email').execute();

  await db.schema.createTable('subscriptions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addUniqueConstraint('subscriptions_unique', ['kind', 'page_id', 'email'])
    .execute();

  await db.schema.createTable('avatars')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text')
    .addColumn('url', 'text')
    .execute();

  await db.schema.createTable('rate_limits')
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('window', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limits_pk', ['bucket', 'window'])
    .execute();
}
