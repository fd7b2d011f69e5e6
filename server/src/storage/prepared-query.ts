import { CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { Database } from './schema';

/**
 * What runs a compiled statement: a Kysely database or transaction, or a
 * SQLite connection's own statements (`statementRunner`), which a batch of
 * writes holding the connection runs without Kysely's driver in between.
 */
export interface QueryRunner {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/** A query's values by name. */
export type QueryValues<K extends string> = { readonly [P in K]: unknown };

/** Marks where a named value goes; typed `never` so that it fits any column. */
export type Slot<K extends string> = (name: K) => never;

/** A query builder or a `sql` template: what compiles to a statement for `db`. */
interface Buildable<O> {
  compile(db: Kysely<Database>): CompiledQuery<O>;
}

/** Where a value goes in a statement's text: its marker among the parameters. */
const MARK = '\u0000natter-slot:';

/**
 * A query built and compiled once, with a stand-in in the place of each
 * value, and run with the real values put in their places: Kysely's builder
 * and compiler cost more than running one of natter's indexed statements on
 * SQLite (whose prepared statement is reused by its SQL text,
 * `withStatementCache`), so hot statements skip them. The query's shape must
 * not depend on its values: write `coalesce(excluded.title, pages.title)`,
 * not `title ?? ref('pages.title')`; a query whose text does depend on
 * something keeps one prepared query per shape ({@link CompiledShapes}).
 * @example const byKey = PreparedQuery.build(db, (slot) => db.selectFrom('comments').selectAll().where('idempotency_key', '=', slot('key')));
 */
export class PreparedQuery<K extends string, O> {
  private constructor(
    private readonly compiled: CompiledQuery<O>,
    /** For each parameter: the name of the value that goes there, or the constant the query was built with. */
    private readonly places: ReadonlyArray<{ name: K } | { constant: unknown }>,
  ) {}

  /** Builds and compiles `build`'s query for `db`'s dialect, once. */
  static build<K extends string, O>(db: Kysely<Database>, build: (slot: Slot<K>) => Buildable<O>): PreparedQuery<K, O> {
    const compiled = build(((name: K) => `${MARK}${name}`) as Slot<K>).compile(db);
    const places = compiled.parameters.map((value): { name: K } | { constant: unknown } =>
      (typeof value === 'string' && value.startsWith(MARK) ? { name: value.slice(MARK.length) as K } : { constant: value }));
    return new PreparedQuery(compiled, places);
  }

  /** The statement's text. */
  get sql(): string {
    return this.compiled.sql;
  }

  /** The statement with `values` in their places. */
  fill(values: QueryValues<K>): CompiledQuery<O> {
    return CompiledQuery.raw(this.compiled.sql, this.places.map((p) => ('name' in p ? values[p.name] : p.constant))) as CompiledQuery<O>;
  }

  /** Runs the query on `db` (a transaction's connection, or any of the database's) with `values`; resolves with its rows. */
  async run(db: QueryRunner, values: QueryValues<K>): Promise<O[]> {
    const result = await db.executeQuery<O>({ ...this.compiled, parameters: this.places.map((p) => ('name' in p ? values[p.name] : p.constant)) });
    return result.rows;
  }
}

/**
 * The {@link PreparedQuery} of each shape of a statement whose text depends
 * on the query (a sort, which filters apply, a limit written into it), by a
 * key naming the shape. The caller keeps the number of shapes bounded.
 * @example
 * const shapes = new CompiledShapes<'pageId'>(db);
 * const query = shapes.fill('count', (slot) => sql`select count(*) from likes where page_id = ${slot('pageId')}`, { pageId });
 */
export class CompiledShapes<K extends string> {
  private readonly shapes = new Map<string, PreparedQuery<K, unknown>>();

  /** @param named where each shape's text is given a name of its own, when the database keeps statements by name ({@link NamedStatements}). */
  constructor(private readonly db: Kysely<Database>, private readonly named: NamedStatements | null = null) {}

  /** The statement of shape `key` (built by `build` the first time) with `values` in their places. */
  fill(key: string, build: (slot: Slot<K>) => Buildable<unknown>, values: QueryValues<K>): CompiledQuery {
    let shape = this.shapes.get(key);
    if (shape === undefined) {
      this.shapes.set(key, (shape = PreparedQuery.build(this.db, build)));
      this.named?.add(shape.sql);
    }
    return shape.fill(values);
  }
}

/**
 * Statement texts that PostgreSQL should keep parsed and planned on each
 * connection, by a name of their own: the page-of-threads statement spends
 * twice as long being planned (1.4 ms) as running (0.7 ms), each time it is
 * sent as text. Only statements of bounded shapes that name their columns go
 * here (a `select *` kept by name would fail once a migration adds a
 * column under a running server).
 */
export class NamedStatements {
  private readonly names = new Map<string, string>();

  add(text: string): void {
    if (!this.names.has(text)) this.names.set(text, `natter_${this.names.size + 1}`);
  }

  /** The name `text` is kept under, if it is one of these. */
  nameOf(text: string): string | undefined {
    return this.names.get(text);
  }
}
