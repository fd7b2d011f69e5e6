import type { Compilable, CompiledQuery, Kysely, Transaction } from 'kysely';
import type { Database } from './schema';

/** A query's values by name. */
export type QueryValues<K extends string> = { readonly [P in K]: unknown };

/** Marks where a named value goes; typed `never` so that it fits any column. */
export type Slot<K extends string> = (name: K) => never;

/**
 * A query built and compiled once, with a stand-in in the place of each
 * value, and run with the real values put in their places: Kysely's builder
 * and compiler cost more than running one of natter's indexed statements on
 * SQLite (whose prepared statement is reused by its SQL text,
 * `withStatementCache`), so the statements of every new comment skip them.
 * The query's shape must not depend on its values: write
 * `coalesce(excluded.title, pages.title)`, not `title ?? ref('pages.title')`.
 * @example const byKey = PreparedQuery.build(['key'], (slot) => db.selectFrom('comments').selectAll().where('idempotency_key', '=', slot('key')));
 */
export class PreparedQuery<K extends string, O> {
  private constructor(
    private readonly compiled: CompiledQuery<O>,
    /** For each parameter: the name of the value that goes there, or the constant the query was built with. */
    private readonly places: ReadonlyArray<{ name: K } | { constant: unknown }>,
  ) {}

  /** Builds and compiles `build`'s query for `db`'s dialect, once. */
  static build<K extends string, O>(names: readonly K[], build: (slot: Slot<K>) => Compilable<O>): PreparedQuery<K, O> {
    const marks = new Map<string, K>(names.map((name) => [`\u0000natter-slot:${name}\u0000`, name]));
    const mark = new Map<K, string>([...marks].map(([m, name]) => [name, m]));
    const compiled = build(((name: K) => mark.get(name)) as Slot<K>).compile();
    const places = compiled.parameters.map((value): { name: K } | { constant: unknown } => {
      const name = typeof value === 'string' ? marks.get(value) : undefined;
      return name === undefined ? { constant: value } : { name };
    });
    for (const name of names) {
      if (!places.some((p) => 'name' in p && p.name === name)) throw new Error(`The prepared query does not use its value ${name}`);
    }
    return new PreparedQuery(compiled, places);
  }

  /** Runs the query on `db` (a transaction's connection, or any of the database's) with `values`; resolves with its rows. */
  async run(db: Kysely<Database> | Transaction<Database>, values: QueryValues<K>): Promise<O[]> {
    const parameters = this.places.map((p) => ('name' in p ? values[p.name] : p.constant));
    const result = await db.executeQuery<O>({ ...this.compiled, parameters });
    return result.rows;
  }
}
