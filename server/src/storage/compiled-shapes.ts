import { CompiledQuery, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './schema';

/** A parameter named in a statement's text, filled per query (see {@link CompiledShapes}). */
export interface Slot {
  readonly slot: string;
}

/**
 * Statements of a hot read compiled through Kysely once per shape and filled
 * per query: building and compiling a statement costs more than SQLite takes
 * to run a small one. A shape is what changes the text (a sort, which
 * filters apply, a limit written into it); every value that varies within a
 * shape is a {@link Slot}, named by what fills it. The caller keeps the
 * number of shapes bounded.
 * @example
 * const shapes = new CompiledShapes<'pageId'>(db);
 * const query = shapes.fill('count', (slot) => sql`select count(*) from likes where page_id = ${slot('pageId')}`, { pageId });
 */
export class CompiledShapes<K extends string> {
  private readonly shapes = new Map<string, { sql: string; slots: K[] }>();

  constructor(private readonly db: Kysely<Database>) {}

  /** The statement of shape `key` (built by `build` the first time) with its slots filled from `values`. */
  fill(key: string, build: (slot: (name: K) => Slot) => RawBuilder<unknown>, values: Readonly<Record<K, unknown>>): CompiledQuery {
    let shape = this.shapes.get(key);
    if (shape === undefined) {
      const made = new Map<unknown, K>();
      const compiled = build((name) => {
        const slot = { slot: name };
        made.set(slot, name);
        return slot;
      }).compile(this.db);
      const slots = compiled.parameters.map((p) => {
        const name = made.get(p);
        if (name === undefined) throw new Error(`Every parameter of the statement "${key}" must be a slot`);
        return name;
      });
      shape = { sql: compiled.sql, slots };
      this.shapes.set(key, shape);
    }
    return CompiledQuery.raw(shape.sql, shape.slots.map((name) => values[name]));
  }
}
