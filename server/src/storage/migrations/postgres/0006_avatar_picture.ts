import type { Kysely } from 'kysely';

/**
 * Whether an avatar key has a picture of its own: `null` until the avatar
 * route has looked (Gravatar, the provider's image), then 1 (a real image)
 * or 0 (none: the commenter gets initials drawn by the widget, no request).
 * Frozen: later changes go in new migrations.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('avatars').addColumn('picture', 'integer').execute();
}
