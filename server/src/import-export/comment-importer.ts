import { sql, type Insertable, type Transaction } from 'kysely';
import { contentHash } from '../comments/content-hash';
import { avatarKey } from '../avatars/avatar-key';
import { randomToken, sha256 } from '../http/crypto';
import type { Database } from '../storage/schema';
import { COMMENT_STATUSES, type CommentStatus } from '../storage/storage';
import type { ImportRecord, ImportedComment, ImportedPage } from './import-record';
import { importedBodyHtml } from './imported-body-html';

/** What an import did, for the summary printed at the end. */
export interface ImportSummary {
  /** Comments added, by status. */
  imported: Record<CommentStatus, number>;
  /** Comments already imported before (matched by their source id): left as they are. */
  alreadyPresent: number;
  /** Pages that received comments. */
  pages: number;
  /** Likes added (natter's JSON, and WordPress exports of sites with natter's plugin; Disqus exports carry none). */
  likes: number;
  /** What was not imported, by reason, with a few of the source ids. */
  skipped: { reason: string; count: number; examples: string[] }[];
}

/** What the importer needs from the server. */
export interface ImportContext {
  /** The server's secret (`--secret`); else the one kept in the database, created there as `natter serve` would. */
  secret: string | null;
  renderMarkdown(source: string): string;
}

/** The skip reason of a source id seen twice in one file. */
const REPEATED = 'the same comment id appears twice in the file';

/** Comments written per statement. */
const BATCH = 200;
/** Avatars written per statement. */
const AVATAR_GROUP = 25;

/**
 * Writes import records into natter's tables inside one transaction: comments
 * in batches (a comment whose source id is already stored is left alone, so a
 * second import adds nothing), then — once the whole file has been read —
 * links replies to their parents, drops replies whose parent is missing (and
 * their own replies), and bumps the version of every page that changed.
 */
export class CommentImporter {
  private comments: Insertable<Database['comments']>[] = [];
  private avatars = new Map<string, string | null>();
  private readonly recentAvatars = new Set<string>();
  private pages = new Map<string, ImportedPage>();
  private readonly skipped = new Map<string, { count: number; examples: string[] }>();
  /** Users of the file already known here under another id: file id → id here. */
  private readonly users = new Map<string, string>();
  private likes = 0;
  private avatarKey: (identity: string) => string = () => {
    throw new Error('CommentImporter.start() was not called');
  };
  private startId = 0;
  private read = 0;

  constructor(
    private readonly trx: Transaction<Database>,
    private readonly context: ImportContext,
    /** This server's own source name in natter's JSON (`natter:<instance>`): such comments are already here. */
    private readonly localSource: string | null = null,
  ) {}

  /** Remembers where this import's rows begin and settles the avatar secret. Call once, first. */
  async start(): Promise<void> {
    let secret = this.context.secret;
    if (secret === null) {
      await this.trx.insertInto('settings').values({ key: 'secret', value: randomToken(48) })
        .onConflict((oc) => oc.column('key').doNothing()).execute();
      secret = (await this.trx.selectFrom('settings').select('value').where('key', '=', 'secret').executeTakeFirstOrThrow()).value;
    }
    const key = secret;
    this.avatarKey = (identity) => avatarKey(key, identity);
    const row = await this.trx.selectFrom('comments').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
    this.startId = Number(row?.max ?? 0);
  }

  /** Comments read so far (for progress). */
  get commentsRead(): number {
    return this.read;
  }

  /** Takes records in file order, writing a batch whenever one is full. */
  async add(records: readonly ImportRecord[]): Promise<void> {
    for (const record of records) {
      if (record.kind === 'page') this.pages.set(record.page.pageId, record.page);
      else if (record.kind === 'skip') this.skip(record.reason, record.id);
      else if (record.kind !== 'comment') await this.writeOther(record);
      else if (record.comment.source === this.localSource) this.skip('written on this server: already here', record.comment.id);
      else {
        this.read++;
        this.comments.push(this.row(record.comment));
        if (this.comments.length >= BATCH) await this.flush();
      }
    }
  }

  /** Notes something not imported. */
  skip(reason: string, id: string): void {
    const entry = this.skipped.get(reason) ?? { count: 0, examples: [] };
    entry.count++;
    if (entry.examples.length < 5) entry.examples.push(id);
    this.skipped.set(reason, entry);
  }

  /** Users, avatars, likes and subscriptions: kept when new, never overwriting what is here. */
  private async writeOther(record: Exclude<ImportRecord, { kind: 'page' | 'skip' | 'comment' }>): Promise<void> {
    if (record.kind === 'user') {
      const u = record.user;
      await this.trx.insertInto('users').values({
        id: u.id, provider: u.provider, subject: u.subject, name: u.name, avatar_url: u.avatarUrl,
        profile_url: u.profileUrl, email: u.email, created_at: u.createdAt,
      }).onConflict((oc) => oc.doNothing()).execute();
      const row = await this.trx.selectFrom('users').select('id')
        .where('provider', '=', u.provider).where('subject', '=', u.subject).executeTakeFirst();
      if (row && row.id !== u.id) this.users.set(u.id, row.id);
    } else if (record.kind === 'avatar') {
      await this.trx.insertInto('avatars').values({ key: record.key, email: record.email, url: record.url })
        .onConflict((oc) => oc.column('key').doNothing()).execute();
    } else if (record.kind === 'like') {
      const l = record.like;
      const userId = l.userId === null ? null : (this.users.get(l.userId) ?? l.userId);
      const likerKey = l.userId !== null && userId !== l.userId ? `u:${userId}` : l.likerKey;
      const added = await this.trx.insertInto('likes').values({
        page_id: l.pageId, liker_key: likerKey, user_id: userId, name: l.name, url: l.url, email: l.email,
        avatar_key: l.avatarKey, provider: l.provider, created_at: l.createdAt,
      }).onConflict((oc) => oc.columns(['page_id', 'liker_key']).doNothing()).executeTakeFirst();
      this.likes += Number(added.numInsertedOrUpdatedRows ?? 0);
    } else {
      const sub = record.subscription;
      await this.trx.insertInto('subscriptions').values({
        kind: sub.kind, page_id: sub.pageId, email: sub.email, name: sub.name, created_at: sub.createdAt,
      }).onConflict((oc) => oc.columns(['kind', 'page_id', 'email']).doNothing()).execute();
    }
  }

  private row(c: ImportedComment): Insertable<Database['comments']> {
    const extras = c.natter;
    const avatarKey = extras ? extras.avatarKey : this.avatarKey(c.authorEmail ?? `import:${c.source}:${c.authorName}`);
    if (avatarKey !== null && !extras && !this.recentAvatars.has(avatarKey)) {
      // Most commenters write many comments: remember recent keys instead of writing them again.
      if (this.recentAvatars.size >= 10_000) this.recentAvatars.clear();
      this.recentAvatars.add(avatarKey);
      this.avatars.set(avatarKey, c.authorEmail);
    }
    return {
      page_id: c.page.pageId, parent_id: null, root_id: null, status: c.status,
      user_id: extras?.userId == null ? null : (this.users.get(extras.userId) ?? extras.userId),
      author_name: c.authorName, author_email: c.authorEmail, author_url: c.authorUrl,
      author_provider: extras?.authorProvider ?? null, avatar_key: avatarKey, visitor_hash: extras?.visitorHash ?? null,
      edit_token_hash: extras?.editTokenHash ?? null, source: c.body,
      body_html: extras?.bodyHtml ?? (c.format === 'html' ? importedBodyHtml(c.body) : this.context.renderMarkdown(c.body)),
      content_hash: extras?.contentHash ?? contentHash(c.body),
      idempotency_key: extras?.idempotencyKey ?? sha256(`import\u0000${c.source}\u0000${c.id}`),
      ip: c.ip, user_agent: extras?.userAgent ?? null, created_at: c.createdAt, edited_at: extras?.editedAt ?? null,
      import_source: c.source, import_id: c.id,
      import_parent_source: c.parentId === null ? null : (c.parentSource ?? c.source), import_parent_id: c.parentId,
      source_format: c.format,
    };
  }

  /** Writes the comments, avatars and pages read since the last flush. */
  async flush(): Promise<void> {
    // One row per statement, or groups of a fixed size: each statement shape is prepared (and cached) once.
    for (const p of this.pages.values()) {
      await this.trx.insertInto('pages').values({ page_id: p.pageId, version: 0, title: p.title, url: p.url })
        .onConflict((oc) => oc.column('page_id').doUpdateSet((eb) => ({
          title: eb.fn.coalesce('pages.title', eb.ref('excluded.title')),
          url: eb.fn.coalesce('pages.url', eb.ref('excluded.url')),
        }))).execute();
    }
    this.pages.clear();
    const avatars = [...this.avatars].map(([key, email]) => ({ key, email, url: null }));
    this.avatars.clear();
    for (let i = 0; i < avatars.length; i += AVATAR_GROUP) {
      const group = avatars.slice(i, i + AVATAR_GROUP);
      const groups = group.length === AVATAR_GROUP ? [group] : group.map((a) => [a]);
      for (const values of groups) {
        await this.trx.insertInto('avatars').values(values).onConflict((oc) => oc.column('key').doNothing()).execute();
      }
    }
    const rows = this.comments;
    this.comments = [];
    if (rows.length === 0) return;
    // The same source id twice in one file: the first wins, the rest are reported.
    const seen = new Set<string>();
    const unique = rows.filter((r) => {
      const key = `${r.import_source}\u0000${r.import_id}`;
      if (seen.has(key)) this.skip(REPEATED, String(r.import_id));
      return !seen.has(key) && seen.add(key);
    });
    await this.trx.insertInto('comments').values(unique)
      // The origins' unique index holds imported comments only (migration 0011).
      .onConflict((oc) => oc.columns(['import_source', 'import_id']).where('import_source', 'is not', null).doNothing()).execute();
  }

  /** Links, prunes and counts everything this import added; throws nothing the caller must handle specially. */
  async finish(): Promise<ImportSummary> {
    await this.flush();
    const start = this.startId;
    const mine = sql`id > ${start} and import_source is not null`;
    // Replies point at their parents, found by the parent's source id on the same page.
    await sql`update comments set parent_id = (
        select p.id from comments p
        where p.import_source = comments.import_parent_source and p.import_id = comments.import_parent_id and p.page_id = comments.page_id)
      where ${mine} and import_parent_id is not null`.execute(this.trx);
    if (this.localSource !== null) {
      // Replies written elsewhere to comments of this server name them by this server's own ids.
      await sql`update comments set parent_id = (
          select p.id from comments p where p.id = cast(comments.import_parent_id as bigint) and p.page_id = comments.page_id)
        where ${mine} and import_parent_source = ${this.localSource}`.execute(this.trx);
    }
    // Each reply's thread (its top-level comment), walking down from comments whose thread is known.
    await sql`with recursive tree(id, root) as (
        select c.id, coalesce(p.root_id, p.id) from comments c join comments p on p.id = c.parent_id
          where c.id > ${start} and c.import_source is not null and p.id <= ${start}
        union all
        select c.id, c.id from comments c
          where c.id > ${start} and c.import_source is not null and c.parent_id is null and c.import_parent_id is null
        union all
        select c.id, t.root from comments c join tree t on c.parent_id = t.id where c.id > ${start}
      )
      update comments set root_id = tree.root from tree where comments.id = tree.id and comments.parent_id is not null`.execute(this.trx);
    // Replies left without a thread: their parent is not in the file (or not on their page), or an ancestor's is.
    const orphans = await this.trx.selectFrom('comments').select(['import_id', 'parent_id'])
      .where(sql<boolean>`${mine}`).where('import_parent_id', 'is not', null).where('root_id', 'is', null).execute();
    for (const o of orphans) {
      this.skip(o.parent_id === null ? 'its parent is not in the file, or is on another page' : 'an ancestor is not in the file', o.import_id ?? '');
    }
    if (orphans.length > 0) {
      await this.trx.deleteFrom('comments').where(sql<boolean>`${mine}`)
        .where('import_parent_id', 'is not', null).where('root_id', 'is', null).execute();
    }
    await sql`update pages set version = version + 1
      where page_id in (select distinct page_id from comments where ${mine})`.execute(this.trx);
    const counts = await this.trx.selectFrom('comments').select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where(sql<boolean>`${mine}`).groupBy('status').execute();
    const pages = await this.trx.selectFrom('comments').select((eb) => eb.fn.count<number>('page_id').distinct().as('n'))
      .where(sql<boolean>`${mine}`).executeTakeFirst();
    const imported: Record<CommentStatus, number> = { approved: 0, pending: 0, spam: 0, deleted: 0 };
    let total = 0;
    for (const row of counts) {
      const status = COMMENT_STATUSES.find((s) => s === row.status);
      if (status !== undefined) imported[status] = Number(row.n);
      total += Number(row.n);
    }
    return {
      imported,
      // Every comment read was added, dropped as an orphan, a repeat within the file, or already there.
      alreadyPresent: this.read - total - orphans.length - this.repeats(),
      pages: Number(pages?.n ?? 0),
      likes: this.likes,
      skipped: [...this.skipped].map(([reason, s]) => ({ reason, ...s })),
    };
  }

  private repeats(): number {
    return this.skipped.get(REPEATED)?.count ?? 0;
  }
}
