import { randomUUID } from 'node:crypto';
import { sql, type CompiledQuery, type Kysely, type QueryResult, type Selectable } from 'kysely';
import { CommitBatcher, type LogSync } from './commit-batcher';
import { CompiledShapes, PreparedQuery, type NamedStatements, type QueryRunner, type QueryValues, type Slot } from './prepared-query';
import type { LogCheckpoint } from './wal-checkpointer';
import type { Database } from './schema';
import { idNumber, idString, toComment, toLike, toSession, toSubscription, toUser } from './rows';
import type {
  AdminQuery, CommenterData, CommentStatus, NewCommentRecord, PageChanges, Storage, StoredComment, StoredLike, StoredPage,
  StoredSession, StoredSubscription, StoredUser, SubscriptionKind, ThreadQuery, Viewer,
} from './storage';
import { pictureKey } from './picture-key';
import { readThreadPage, threadStatement, type ThreadPage, type ThreadParams } from './thread-statement';
import { readThreadJsonPage, threadJsonStatement, type CommentJsonView, type ThreadJsonPage, type ThreadJsonParams } from './thread-json-statement';
import { visibleSql } from './visible-sql';

type PageState = { version: number; viewerWrote: boolean; liked: boolean };

/** How many page states {@link KyselyStorage.pageState} keeps between two changes of the database. */
const MAX_KEPT_STATES = 10_000;

/** {@link Storage} on Kysely, for SQLite and PostgreSQL alike. */
export class KyselyStorage implements Storage {
  /** SQLite's group commit for new comments; PostgreSQL commits concurrent transactions together by itself. */
  private readonly batcher: CommitBatcher | null;

  private readonly walSync: LogSync | null;
  private readonly checkpointer: LogCheckpoint | null;
  /** The statements of every new comment, compiled once. */
  private readonly statements: CommentStatements;
  private readonly changeStamp: (() => string) | null;
  private readonly onClose: (() => Promise<void>) | null;
  private readonly announce: (() => Promise<void>) | null;
  private readonly readRows: ((query: CompiledQuery) => unknown[][] | null) | null;
  private readonly readRecords: ((query: CompiledQuery) => unknown[] | null) | null;
  private readonly threadShapes: CompiledShapes<keyof ThreadParams>;
  private readonly threadJsonShapes: CompiledShapes<keyof ThreadJsonParams>;
  private readonly likeShapes: CompiledShapes<'pageId' | 'likerKey'>;
  /** Page states read since the database last changed, by page and viewer; see `changeStamp`. */
  private readonly states = new Map<string, PageState>();
  private statesStamp = '';

  constructor(
    /** The database handle, for modules that keep their own tables (sign-in). */
    readonly db: Kysely<Database>,
    readonly dialect: 'sqlite' | 'postgres',
    options: {
      /** SQLite's write-ahead log, synced off the event loop after each batch commit (a file database; `:memory:` has none). */
      walSync?: LogSync | null;
      /** Checkpoints SQLite's write-ahead log off the event loop (a file database whose connection does not). */
      checkpointer?: LogCheckpoint | null;
      /**
       * A value that changes whenever the database may have changed, by any
       * connection, read without a query through Kysely (SQLite: this
       * connection's change count and `data_version`; PostgreSQL: the
       * changes announced by natter servers, see `PageChangeStamp`). With it the state of a
       * page read again is answered from memory until something changes: a
       * cached answer costs no query.
       */
      changeStamp?: (() => string) | null;
      /**
       * Tells others that a page changed, after the transaction that changed
       * it committed (PostgreSQL: `PageChangeStamp.announce`). Not awaited
       * by the writer; a failure is ignored.
       */
      announce?: (() => Promise<void>) | null;
      /** Called when the storage closes, before the database handle is destroyed. */
      onClose?: () => Promise<void>;
      /**
       * Runs a read on the database's connection directly, its rows as arrays
       * (SQLite: neither Kysely's driver nor row objects), for the hottest read;
       * `null` when it cannot now (the connection is inside a transaction, whose
       * writes a read must not see), and the read goes through Kysely.
       */
      readRows?: ((query: CompiledQuery) => unknown[][] | null) | null;
      /** As `readRows`, the rows as objects: for the lookups every new comment makes (its key, a duplicate). */
      readRecords?: ((query: CompiledQuery) => unknown[] | null) | null;
      /**
       * Runs a statement on the connection at once (SQLite:
       * `statementRunner`), for the group commit's batches, which hold the
       * connection while they run.
       */
      statements?: ((query: CompiledQuery) => QueryResult<unknown>) | null;
      /** Where the hot reads' statements are named, for a database that keeps them by name (PostgreSQL). */
      named?: NamedStatements | null;
    } = {},
  ) {
    this.walSync = options.walSync ?? null;
    this.checkpointer = options.checkpointer ?? null;
    this.changeStamp = options.changeStamp ?? null;
    this.onClose = options.onClose ?? null;
    this.announce = options.announce ?? null;
    this.readRows = options.readRows ?? null;
    this.readRecords = options.readRecords ?? null;
    this.threadShapes = new CompiledShapes(db, options.named ?? null);
    this.threadJsonShapes = new CompiledShapes(db);
    this.likeShapes = new CompiledShapes(db, options.named ?? null);
    this.batcher = dialect === 'sqlite'
      ? new CommitBatcher(db, { walSync: this.walSync, checkpointer: this.checkpointer, statements: options.statements ?? null })
      : null;
    this.statements = commentStatements(db);
  }

  /** Runs a prepared read on the connection directly when it can (`readRecords`), else through Kysely. */
  private async read<K extends string, O>(query: PreparedQuery<K, O>, values: QueryValues<K>): Promise<O[]> {
    return (this.readRecords?.(query.fill(values)) as O[] | null | undefined) ?? query.run(this.db, values);
  }

  /** `done`'s result, once its page change is announced to other servers (see the `announce` option). */
  private async announced<T>(done: Promise<T>): Promise<T> {
    const result = await done;
    void this.announceChange();
    return result;
  }

  /**
   * Tells other servers on this database that pages changed (a no-op on
   * SQLite, where they see it for themselves): for writers outside this
   * class's methods, such as an import.
   */
  async announceChange(): Promise<void> {
    await this.announce?.().catch(() => undefined);
  }

  async getOrCreateSetting(key: string, make: () => string): Promise<string> {
    await this.db.insertInto('settings').values({ key, value: make() })
      .onConflict((oc) => oc.column('key').doNothing()).execute();
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
    return row.value;
  }

  async insertComment(record: NewCommentRecord): Promise<{ comment: StoredComment; created: boolean }> {
    const work = (trx: QueryRunner) => insertCommentIn(trx, this.statements, record);
    return this.batcher ? this.batcher.run(work) : this.announced(this.db.transaction().execute(work));
  }

  async getComment(id: string): Promise<StoredComment | null> {
    const n = idNumber(id);
    if (n === null) return null;
    const row = await this.db.selectFrom('comments').selectAll().where('id', '=', n).executeTakeFirst();
    return row ? toComment(row) : null;
  }

  async getVisibleComment(id: string, viewer: Viewer): Promise<StoredComment | null> {
    const n = idNumber(id);
    if (n === null) return null;
    const row = await this.db.selectFrom('comments').selectAll().where('id', '=', n).where(visibleSql(sql.ref('status'), sql.ref('user_id'), sql.ref('visitor_hash'), viewer)).executeTakeFirst();
    return row ? toComment(row) : null;
  }

  async getCommentByIdempotencyKey(key: string): Promise<StoredComment | null> {
    const [row] = await this.read(this.statements.byIdempotencyKey, { key });
    if (!row) return null;
    // A replay answers that the comment is stored: not before the post that wrote it is on disk.
    await this.batcher?.onDisk();
    return toComment(row);
  }

  async listThreads(query: ThreadQuery): Promise<ThreadPage> {
    const after = query.after === null ? null : idNumber(query.after);
    const statement = threadStatement(this.threadShapes, query, after);
    // Rows as arrays on both databases: PostgreSQL's objects keep the columns' order.
    const rows = this.readRows?.(statement) ?? (await this.db.executeQuery(statement)).rows.map((row) => Object.values(row as object));
    return readThreadPage(rows, query);
  }

  async listThreadsJson(query: ThreadQuery, view: CommentJsonView): Promise<ThreadJsonPage | null> {
    if (this.readRows === null) return null;
    const after = query.after === null ? null : idNumber(query.after);
    const rows = this.readRows(threadJsonStatement(this.threadJsonShapes, query, after, view));
    return rows === null ? null : readThreadJsonPage(rows, query);
  }

  async pageState(pageId: string, viewer: Viewer, likerKey: string | null = null): Promise<PageState> {
    if (this.changeStamp === null) return this.readPageState(pageId, viewer, likerKey);
    const stamp = this.changeStamp();
    if (stamp !== this.statesStamp) {
      this.states.clear();
      this.statesStamp = stamp;
    }
    const key = JSON.stringify([pageId, viewer.userId, viewer.visitorHash, likerKey]);
    const known = this.states.get(key);
    if (known !== undefined) return known;
    const state = await this.readPageState(pageId, viewer, likerKey);
    // Kept only when nothing changed while it was read, so it is never older than its stamp.
    if (this.changeStamp() === stamp) {
      if (this.states.size >= MAX_KEPT_STATES) {
        const oldest = this.states.keys().next();
        if (!oldest.done) this.states.delete(oldest.value);
      }
      this.states.set(key, state);
    }
    return state;
  }

  private async readPageState(pageId: string, viewer: Viewer, likerKey: string | null): Promise<PageState> {
    const { userId, visitorHash } = viewer;
    const own = [];
    if (userId !== null) own.push(sql`user_id = ${userId}`);
    if (visitorHash !== null) own.push(sql`visitor_hash = ${visitorHash}`);
    const wrote = own.length === 0 ? sql`0`
      : sql`case when exists (select 1 from comments where page_id = ${pageId} and (${sql.join(own, sql` or `)})) then 1 else 0 end`;
    const liked = likerKey === null ? sql`0`
      : sql`case when exists (select 1 from likes where page_id = ${pageId} and liker_key = ${likerKey}) then 1 else 0 end`;
    const { rows } = await sql<{ version: number | null; wrote: number; liked: number }>`
      select (select version from pages where page_id = ${pageId}) as version, ${wrote} as wrote, ${liked} as liked
    `.execute(this.db);
    const row = rows[0];
    return { version: Number(row?.version ?? 0), viewerWrote: Number(row?.wrote ?? 0) === 1, liked: Number(row?.liked ?? 0) === 1 };
  }

  async listChangesSince(pageId: string, since: number, limit: number): Promise<PageChanges> {
    const [rows, removed] = await Promise.all([
      this.db.selectFrom('comments').selectAll()
        .where('page_id', '=', pageId).where('status', '=', 'approved')
        .where((eb) => eb.or([eb('created_at', '>=', since), eb('edited_at', '>=', since), eb('status_at', '>=', since)]))
        .orderBy('id').limit(limit).execute(),
      this.db.selectFrom('comments').select('id')
        .where('page_id', '=', pageId).where('status', '!=', 'approved').where('status_at', '>=', since)
        .orderBy('id').limit(limit).execute(),
    ]);
    return { comments: rows.map(toComment), removed: removed.map((row) => String(row.id)) };
  }

  async hasCommentsOn(pageId: string, viewer: Viewer): Promise<boolean> {
    if (viewer.userId === null && viewer.visitorHash === null) return false;
    const { userId, visitorHash } = viewer;
    const row = await this.db.selectFrom('comments').select('id').where('page_id', '=', pageId)
      .where((eb) => eb.or([
        ...(userId !== null ? [eb('user_id', '=', userId)] : []),
        ...(visitorHash !== null ? [eb('visitor_hash', '=', visitorHash)] : []),
      ])).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  async countApproved(pageIds: readonly string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = Object.create(null);
    for (const id of pageIds) counts[id] = 0;
    if (pageIds.length === 0) return counts;
    // Kept by triggers on every change of a comment (migration 0009), not counted.
    const rows = await this.db.selectFrom('pages').select(['page_id', 'approved_comments'])
      .where('page_id', 'in', [...pageIds]).execute();
    for (const row of rows) counts[row.page_id] = Number(row.approved_comments);
    return counts;
  }

  async getPage(pageId: string): Promise<StoredPage | null> {
    const row = await this.db.selectFrom('pages').selectAll().where('page_id', '=', pageId).executeTakeFirst();
    return row ? { pageId: row.page_id, version: Number(row.version), title: row.title, url: row.url } : null;
  }

  async updateCommentBody(id: string, source: string, bodyHtml: string, contentHash: string, editedAt: number): Promise<StoredComment | null> {
    const n = idNumber(id);
    if (n === null) return null;
    return this.announced(this.db.transaction().execute(async (trx) => {
      const row = await trx.updateTable('comments')
        .set({ source, body_html: bodyHtml, content_hash: contentHash, edited_at: editedAt })
        .where('id', '=', n).returningAll().executeTakeFirst();
      if (!row) return null;
      await bumpPage(trx, this.statements, row.page_id, null, null);
      return toComment(row);
    }));
  }

  async setCommentStatus(id: string, status: CommentStatus, at = Date.now()): Promise<StoredComment | null> {
    const n = idNumber(id);
    if (n === null) return null;
    return this.announced(this.db.transaction().execute(async (trx) => {
      // The time goes with entering or leaving 'approved' only: what live readers are told of.
      const statusAt = status === 'approved' ? sql<number>`${at}` : sql<number | null>`case when status = 'approved' then ${at} else status_at end`;
      const row = await trx.updateTable('comments').set({ status, status_at: statusAt }).where('id', '=', n).returningAll().executeTakeFirst();
      if (!row) return null;
      await bumpPage(trx, this.statements, row.page_id, null, null);
      return toComment(row);
    }));
  }

  async hasApprovedComment(identity: { userId: string } | { email: string; name: string }): Promise<boolean> {
    let q = this.db.selectFrom('comments').select('id').where('status', '=', 'approved');
    q = 'userId' in identity
      ? q.where('user_id', '=', identity.userId)
      : q.where('author_email', '=', identity.email).where('author_name', '=', identity.name).where('user_id', 'is', null);
    return (await q.limit(1).executeTakeFirst()) !== undefined;
  }

  async findDuplicate(pageId: string, contentHash: string, author: { userId: string } | { email: string }): Promise<StoredComment | null> {
    const [row] = 'userId' in author
      ? await this.read(this.statements.duplicateByUser, { pageId, contentHash, userId: author.userId })
      : await this.read(this.statements.duplicateByEmail, { pageId, contentHash, email: author.email });
    return row ? toComment(row) : null;
  }

  async listForModeration(query: AdminQuery): Promise<{ comments: StoredComment[]; hasMore: boolean }> {
    let q = this.db.selectFrom('comments').selectAll();
    if (query.status !== 'all') q = q.where('status', '=', query.status);
    if (query.pageId !== null) q = q.where('page_id', '=', query.pageId);
    const before = query.before === null ? null : idNumber(query.before);
    if (before !== null) q = q.where('id', '<', before);
    if (query.q !== null && query.q !== '') {
      const pattern = `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb.or(['source', 'author_name', 'author_email', 'page_id'].map((col) =>
        sql<boolean>`lower(${sql.ref(col)}) like ${pattern} escape '\\'`)));
    }
    const rows = await q.orderBy('id', 'desc').limit(query.limit + 1).execute();
    return { comments: rows.slice(0, query.limit).map(toComment), hasMore: rows.length > query.limit };
  }

  async exportPage(pageId: string): Promise<StoredComment[]> {
    const rows = await this.db.selectFrom('comments').selectAll().where('page_id', '=', pageId).orderBy('id', 'asc').execute();
    return rows.map(toComment);
  }

  async commenterData(email: string): Promise<CommenterData> {
    const [comments, likes, subscriptions] = await Promise.all([
      this.db.selectFrom('comments').selectAll().where('author_email', '=', email).orderBy('id', 'asc').execute(),
      this.db.selectFrom('likes').selectAll().where('email', '=', email).execute(),
      this.db.selectFrom('subscriptions').selectAll().where('email', '=', email).execute(),
    ]);
    return { comments: comments.map(toComment), likes: likes.map(toLike), subscriptions: subscriptions.map(toSubscription) };
  }

  async eraseCommenter(email: string): Promise<{ comments: number; likes: number; subscriptions: number }> {
    return this.announced(this.db.transaction().execute(async (trx) => {
      const pages = await trx.selectFrom('comments').select('page_id').distinct().where('author_email', '=', email).execute();
      const comments = await trx.updateTable('comments').set({
        author_name: 'Anonymous', author_email: null, author_url: null, avatar_key: null,
        visitor_hash: null, ip: null, user_agent: null,
      }).where('author_email', '=', email).executeTakeFirst();
      const likes = await trx.deleteFrom('likes').where('email', '=', email).executeTakeFirst();
      const subs = await trx.deleteFrom('subscriptions').where('email', '=', email).executeTakeFirst();
      await trx.deleteFrom('avatars').where('email', '=', email).execute();
      for (const p of pages) await bumpPage(trx, this.statements, p.page_id, null, null);
      return {
        comments: Number(comments.numUpdatedRows), likes: Number(likes.numDeletedRows), subscriptions: Number(subs.numDeletedRows),
      };
    }));
  }

  async putLike(like: StoredLike): Promise<void> {
    // A like changes the page's version: its cached answers carry the likes.
    await this.announced(this.db.transaction().execute(async (trx) => {
      await trx.insertInto('likes').values({
        page_id: like.pageId, liker_key: like.likerKey, user_id: like.userId, name: like.name, url: like.url,
        email: like.email, avatar_key: like.avatarKey, provider: like.provider, created_at: like.createdAt,
      }).onConflict((oc) => oc.columns(['page_id', 'liker_key']).doUpdateSet({
        name: like.name, url: like.url, email: like.email, avatar_key: like.avatarKey, provider: like.provider,
      })).execute();
      await bumpPage(trx, this.statements, like.pageId, null, null);
    }));
  }

  async deleteLike(pageId: string, likerKey: string): Promise<boolean> {
    return this.announced(this.db.transaction().execute(async (trx) => {
      const r = await trx.deleteFrom('likes').where('page_id', '=', pageId).where('liker_key', '=', likerKey).executeTakeFirst();
      const removed = Number(r.numDeletedRows) > 0;
      if (removed) await bumpPage(trx, this.statements, pageId, null, null);
      return removed;
    }));
  }

  async likeSummary(pageId: string, likerKey: string | null, maxLikers: number) {
    // One statement: the newest likers (one at least, for the figures), each
    // row carrying the page's count and whether `likerKey` likes it. A page
    // without likes answers no row, and then nobody likes it. The limit is
    // written into the text, since SQLite prepares a statement again whenever
    // a LIMIT parameter is bound (see threadStatement); callers ask for one
    // number of likers.
    const statement = this.likeShapes.fill(`likes:${likerKey === null ? '' : 'k'}:${maxLikers}`, (slot) => sql`
      select l.page_id, l.liker_key, l.user_id, l.name, l.url, l.email, ${pictureKey('l', 'av')} as avatar_key, l.provider, l.created_at,
        (select count(*) from likes where page_id = ${slot('pageId')}) as total,
        ${likerKey === null ? sql`0` : sql`exists (select 1 from likes where page_id = ${slot('pageId')} and liker_key = ${slot('likerKey')})`} as liked
      from likes l left join avatars av on av.key = l.avatar_key
      where l.page_id = ${slot('pageId')} order by l.created_at desc, l.liker_key asc limit ${sql.lit(Math.max(1, maxLikers))}
    `, { pageId, likerKey });
    type LikeRow = Selectable<Database['likes']> & { total: number; liked: number | boolean };
    // On SQLite straight from the connection (the thread's first paint reads this with every page): see `readRows`.
    const arrays = this.readRows?.(statement) ?? null;
    const rows = arrays === null ? (await this.db.executeQuery<LikeRow>(statement)).rows : arrays.map((row) => likeRow(row as LikeArray));
    const first = rows[0];
    return { count: Number(first?.total ?? 0), liked: Boolean(Number(first?.liked ?? 0)), likers: rows.slice(0, maxLikers).map(toLike) };
  }

  async subscribe(sub: Omit<StoredSubscription, 'id'>): Promise<StoredSubscription> {
    const row = await this.db.insertInto('subscriptions').values({
      kind: sub.kind, page_id: sub.pageId, email: sub.email, name: sub.name, created_at: sub.createdAt,
    }).onConflict((oc) => oc.columns(['kind', 'page_id', 'email']).doUpdateSet({ name: sub.name }))
      .returningAll().executeTakeFirstOrThrow();
    return toSubscription(row);
  }

  async getSubscription(id: string): Promise<StoredSubscription | null> {
    const n = idNumber(id);
    if (n === null) return null;
    const row = await this.db.selectFrom('subscriptions').selectAll().where('id', '=', n).executeTakeFirst();
    return row ? toSubscription(row) : null;
  }

  async deleteSubscription(id: string): Promise<boolean> {
    const n = idNumber(id);
    if (n === null) return false;
    const r = await this.db.deleteFrom('subscriptions').where('id', '=', n).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async listSubscriptions(kind: SubscriptionKind, pageId: string): Promise<StoredSubscription[]> {
    const rows = await this.db.selectFrom('subscriptions').selectAll()
      .where('kind', '=', kind).where('page_id', '=', pageId).orderBy('id', 'asc').execute();
    return rows.map(toSubscription);
  }

  async upsertUser(user: Omit<StoredUser, 'id' | 'createdAt'>, now: number): Promise<StoredUser> {
    const row = await this.db.insertInto('users').values({
      id: randomUUID(), provider: user.provider, subject: user.subject, name: user.name, avatar_url: user.avatarUrl,
      profile_url: user.profileUrl, email: user.email, created_at: now,
    }).onConflict((oc) => oc.columns(['provider', 'subject']).doUpdateSet({
      name: user.name, avatar_url: user.avatarUrl, profile_url: user.profileUrl, email: user.email,
    })).returningAll().executeTakeFirstOrThrow();
    return toUser(row);
  }

  async getUser(id: string): Promise<StoredUser | null> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async createSession(session: StoredSession): Promise<void> {
    await this.db.insertInto('sessions').values({
      id: session.id, kind: session.kind, user_id: session.userId, created_at: session.createdAt,
      expires_at: session.expiresAt, revoked_at: session.revokedAt,
    }).execute();
  }

  async getSession(id: string): Promise<StoredSession | null> {
    const row = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSession(row) : null;
  }

  async revokeSession(id: string, at: number): Promise<boolean> {
    const r = await this.db.updateTable('sessions').set({ revoked_at: at })
      .where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async rememberAvatar(key: string, source: { email: string | null; url: string | null }): Promise<void> {
    // Most posts come from known commenters: skip the write (and its disk sync) when nothing changed.
    const known = await this.lookupAvatar(key);
    if (known && known.email === source.email && known.url === source.url) return;
    await this.db.insertInto('avatars').values({ key, email: source.email, url: source.url })
      .onConflict((oc) => oc.column('key').doUpdateSet({ email: source.email, url: source.url, picture: null })).execute();
  }

  async recordAvatarPicture(key: string, picture: boolean): Promise<void> {
    // Only keys natter gave out have a row: a request for any other key writes nothing.
    const value = picture ? 1 : 0;
    await this.db.updateTable('avatars').set({ picture: value }).where('key', '=', key).where('picture', 'is distinct from', value).execute();
  }

  async lookupAvatar(key: string): Promise<{ email: string | null; url: string | null } | null> {
    const row = await this.db.selectFrom('avatars').select(['email', 'url']).where('key', '=', key).executeTakeFirst();
    return row ?? null;
  }

  async hitRateLimit(bucket: string, window: number, since?: number): Promise<{ count: number; recent: { window: number; count: number }[] }> {
    // On SQLite the hits of concurrent posts share the posts' commit instead of syncing the disk once each.
    const work = async (db: QueryRunner) => {
      const [row] = await this.statements.hitRateLimit.run(db, { bucket, window });
      if (row === undefined) throw new Error('The rate limit count was not returned');
      const count = Number(row.count);
      if (since === undefined) return { count, recent: [] };
      // The earlier windows read apart from this one's count, which concurrent hits may have raised since.
      const earlier = await this.statements.recentRateLimits.run(db, { bucket, since, window });
      return { count, recent: [...earlier.map((r) => ({ window: Number(r.window), count: Number(r.count) })), { window, count }] };
    };
    // A count lost in a crash costs nothing: it waits for its commit, not for the disk.
    return this.batcher ? this.batcher.run(work, { durable: false }) : work(this.db);
  }

  async pruneRateLimits(before: number): Promise<void> {
    await this.db.deleteFrom('rate_limits').where('window', '<', before).execute();
  }

  async rateLimitHistory(bucket: string, since: number): Promise<{ hits: number; last: number | null }> {
    const row = await this.db.selectFrom('rate_limits')
      .select((eb) => [eb.fn.sum<string | number | null>('count').as('hits'), eb.fn.max<string | number | null>('window').as('last')])
      .where('bucket', '=', bucket).where('window', '>=', since).executeTakeFirst();
    return { hits: Number(row?.hits ?? 0), last: row?.last === null || row?.last === undefined ? null : Number(row.last) };
  }

  async clearRateLimit(bucket: string): Promise<void> {
    await this.db.deleteFrom('rate_limits').where('bucket', '=', bucket).execute();
  }

  async close(): Promise<void> {
    await this.batcher?.drain();
    await this.walSync?.close?.();
    await this.checkpointer?.close();
    await this.onClose?.();
    await this.db.destroy();
  }
}

/** A row of the like summary's statement as an array, in its columns' order. */
type LikeArray = [
  page_id: string, liker_key: string, user_id: string | null, name: string, url: string | null, email: string | null,
  avatar_key: string | null, provider: string | null, created_at: number, total: number, liked: number,
];

function likeRow([page_id, liker_key, user_id, name, url, email, avatar_key, provider, created_at, total, liked]: LikeArray) {
  return { page_id, liker_key, user_id, name, url, email, avatar_key, provider, created_at, total, liked };
}

/** The statements of every new comment, built and compiled once ({@link PreparedQuery}). */
type CommentStatements = ReturnType<typeof commentStatements>;

function commentStatements(db: Kysely<Database>) {
  return {
    insert: PreparedQuery.build(db, (slot: Slot<Exclude<keyof NewCommentRecord, 'avatarSource' | 'pageTitle' | 'pageUrl'>>) => db.insertInto('comments').values({
      page_id: slot('pageId'), parent_id: slot('parentId'), root_id: slot('rootId'), status: slot('status'), user_id: slot('userId'),
      author_name: slot('authorName'), author_email: slot('authorEmail'), author_url: slot('authorUrl'),
      author_provider: slot('authorProvider'), avatar_key: slot('avatarKey'), visitor_hash: slot('visitorHash'),
      edit_token_hash: slot('editTokenHash'), source: slot('source'), body_html: slot('bodyHtml'), content_hash: slot('contentHash'),
      idempotency_key: slot('idempotencyKey'), ip: slot('ip'), user_agent: slot('userAgent'), created_at: slot('createdAt'), edited_at: null,
    }).onConflict((oc) => oc.column('idempotency_key').doNothing()).returning('id')),
    byIdempotencyKey: PreparedQuery.build(db, (slot: Slot<'key'>) =>
      db.selectFrom('comments').selectAll().where('idempotency_key', '=', slot('key'))),
    duplicateByUser: PreparedQuery.build(db, (slot: Slot<'pageId' | 'contentHash' | 'userId'>) => db.selectFrom('comments').selectAll()
      .where('page_id', '=', slot('pageId')).where('content_hash', '=', slot('contentHash')).where('status', '!=', 'deleted')
      .where('user_id', '=', slot('userId')).limit(sql.lit(1))),
    duplicateByEmail: PreparedQuery.build(db, (slot: Slot<'pageId' | 'contentHash' | 'email'>) => db.selectFrom('comments').selectAll()
      .where('page_id', '=', slot('pageId')).where('content_hash', '=', slot('contentHash')).where('status', '!=', 'deleted')
      .where('author_email', '=', slot('email')).limit(sql.lit(1))),
    // A title or URL not given keeps the one known.
    bumpPage: PreparedQuery.build(db, (slot: Slot<'pageId' | 'title' | 'url'>) => db.insertInto('pages')
      .values({ page_id: slot('pageId'), version: 1, title: slot('title'), url: slot('url') })
      .onConflict((oc) => oc.column('page_id').doUpdateSet((eb) => ({
        version: eb('pages.version', '+', 1),
        title: eb.fn.coalesce('excluded.title', 'pages.title'),
        url: eb.fn.coalesce('excluded.url', 'pages.url'),
      })))),
    hitRateLimit: PreparedQuery.build(db, (slot: Slot<'bucket' | 'window'>) => db.insertInto('rate_limits')
      .values({ bucket: slot('bucket'), window: slot('window'), count: 1 })
      .onConflict((oc) => oc.columns(['bucket', 'window']).doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })))
      .returning('count')),
    recentRateLimits: PreparedQuery.build(db, (slot: Slot<'bucket' | 'since' | 'window'>) => db.selectFrom('rate_limits')
      .select(['window', 'count']).where('bucket', '=', slot('bucket')).where('window', '>=', slot('since'))
      .where('window', '<', slot('window')).orderBy('window')),
    // Most posts come from known commenters: an unchanged row is not written again.
    rememberAvatar: PreparedQuery.build(db, (slot: Slot<'key' | 'email' | 'url'>) => db.insertInto('avatars')
      .values({ key: slot('key'), email: slot('email'), url: slot('url') })
      .onConflict((oc) => oc.column('key').doUpdateSet({ email: slot('email'), url: slot('url'), picture: null })
        .where((eb) => eb.or([eb('avatars.email', 'is distinct from', eb.ref('excluded.email')), eb('avatars.url', 'is distinct from', eb.ref('excluded.url'))])))),
  };
}

/** Inserts a comment unless its idempotency key is known, bumping its page and remembering its avatar source. */
async function insertCommentIn(trx: QueryRunner, q: CommentStatements, record: NewCommentRecord): Promise<{ comment: StoredComment; created: boolean }> {
  const { pageTitle, pageUrl, avatarSource, ...fields } = record;
  const parentId = fields.parentId === null ? null : idNumber(fields.parentId);
  const rootId = fields.rootId === null ? null : idNumber(fields.rootId);
  const [inserted] = await q.insert.run(trx, { ...fields, parentId, rootId });
  if (!inserted) {
    const [existing] = await q.byIdempotencyKey.run(trx, { key: record.idempotencyKey });
    if (!existing) throw new Error('A comment with this idempotency key was neither inserted nor found');
    return { comment: toComment(existing), created: false };
  }
  await bumpPage(trx, q, record.pageId, pageTitle, pageUrl);
  if (record.avatarKey !== null && avatarSource) {
    await q.rememberAvatar.run(trx, { key: record.avatarKey, email: avatarSource.email, url: avatarSource.url });
  }
  // The row is what was written: only its id is read back.
  const comment: StoredComment = { ...fields, id: String(inserted.id), parentId: idString(parentId), rootId: idString(rootId), editedAt: null };
  return { comment, created: true };
}

/** Records that a page changed (its ETag changes), remembering its title and URL when given. */
async function bumpPage(db: QueryRunner, q: CommentStatements, pageId: string, title: string | null, url: string | null): Promise<void> {
  await q.bumpPage.run(db, { pageId, title, url });
}
