import type { Kysely } from 'kysely';

/**
 * Remembers where an imported comment came from — the source system
 * (`wxr:<site>`, `disqus:<forum>`, `natter:<instance>`) and its id there —
 * so importing the same file twice adds nothing, and the parent it named (by its own source and id), so
 * replies are linked once the whole file is read. `source_format` says
 * whether `source` is Markdown (written here) or HTML (imported).
 * Frozen: later changes go in new migrations.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comments').addColumn('import_source', 'text').execute();
  await db.schema.alterTable('comments').addColumn('import_id', 'text').execute();
  await db.schema.alterTable('comments').addColumn('import_parent_source', 'text').execute();
  await db.schema.alterTable('comments').addColumn('import_parent_id', 'text').execute();
  await db.schema.alterTable('comments').addColumn('source_format', 'text', (c) => c.notNull().defaultTo('markdown')).execute();
  await db.schema.createIndex('comments_import').on('comments').columns(['import_source', 'import_id']).unique().execute();
}
