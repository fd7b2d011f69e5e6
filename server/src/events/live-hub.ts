import { publicComment, type ViewOptions } from '../comments/comment-view';
import type { EventBus, PageEvent } from './event-bus';
import type { Storage, StoredComment } from '../storage/storage';

/** Seconds between keep-alive comments on an idle stream. */
export const KEEPALIVE_SECONDS = 25;

/** Bytes a reader may fall behind by before its connection is closed (it reconnects and reloads). */
const MAX_BEHIND_BYTES = 1 << 20;

/** How long, and for how many comments, a room remembers what it sent, so a catch-up never sends a comment twice. */
const SENT_MEMORY_MS = 60_000;
const SENT_MEMORY_COMMENTS = 10_000;

/** Comments one catch-up sends to a page's readers at most, and as many removals. */
const CATCH_UP_LIMIT = 1000;

/**
 * How far back a reconnecting reader may be caught up from its last event
 * (`Last-Event-ID`, or `since` when the widget opens a new stream itself).
 * An older position is ignored: the reader has been away long enough to
 * load the page again.
 */
export const RESUME_WINDOW_MS = 60 * 60_000;
/**
 * How far before a reader's position its catch-up starts: a comment's time is
 * taken when it is written, its event sent after the commit (and, between
 * servers, after PostgreSQL's notification). Comments sent twice are merged
 * by id.
 */
const RESUME_MARGIN_MS = 30_000;

const encoder = new TextEncoder();
const KEEPALIVE = encoder.encode(': keep-alive\n\n');

/**
 * One Server-Sent Event, as bytes. Every event the hub sends carries an `id`:
 * the server's time when it was sent, in epoch milliseconds, which the reader
 * gives back to resume from (see {@link RESUME_WINDOW_MS}).
 */
export function sseFrame(event: string, data: string, options: { id?: string; retry?: number } = {}): Uint8Array {
  let text = `event: ${event}\n`;
  if (options.id !== undefined) text += `id: ${options.id}\n`;
  if (options.retry !== undefined) text += `retry: ${options.retry}\n`;
  for (const line of data.split('\n')) text += `data: ${line}\n`;
  return encoder.encode(`${text}\n`);
}

/** The version a room remembers of a comment it said is gone (comments' versions start with their edit time). */
const DELETED = 'deleted';

/** The event carrying a comment as every reader sees it (new, edited or approved). */
const commentFrame = (comment: StoredComment, view: ViewOptions, eventId: string): Uint8Array =>
  sseFrame('comment', JSON.stringify(publicComment(comment, view, null)), { id: eventId });

/** The event telling readers a comment is gone (deleted, or no longer approved). */
const deletedFrame = (commentId: string, eventId: string): Uint8Array => sseFrame('deleted', JSON.stringify({ id: commentId }), { id: eventId });

interface Reader {
  controller: ReadableStreamDefaultController<Uint8Array>;
  client: string;
  pageId: string;
}

interface Room {
  readers: Set<Reader>;
  unsubscribe: () => void;
  /** Events of the page, handled one after another so every reader gets them in order. */
  queue: Promise<void>;
  /** Comments sent lately, by id: the version sent (edit time and content, or {@link DELETED}) and when. */
  sent: Map<string, { version: string; at: number }>;
}

/** What {@link LiveHub} needs. */
export interface LiveHubOptions {
  events: EventBus;
  storage: Pick<Storage, 'getComment' | 'listChangesSince'>;
  view: ViewOptions;
  /** Open streams one client address may hold. */
  maxPerClient: number;
  log: (message: string, error?: unknown) => void;
  /** The server's clock (the one comments are stamped with). @default Date.now */
  now?: () => number;
}

/**
 * The live readers of this process, by page. A page's readers share one bus
 * subscription: each event is read from the database and encoded once, then
 * the same bytes go to every reader of the page. One timer keeps every idle
 * stream alive. When the bus may have lost events (PostgreSQL's listener
 * reconnected), each page catches up from the database, sending only what
 * its readers have not had.
 */
export class LiveHub {
  private readonly rooms = new Map<string, Room>();
  private readonly perClient = new Map<string, number>();
  private keepalive: ReturnType<typeof setInterval> | null = null;
  private readonly stopResync: () => void;
  private readonly now: () => number;

  constructor(private readonly options: LiveHubOptions) {
    this.now = options.now ?? Date.now;
    this.stopResync = options.events.onResync((since) => {
      for (const [pageId, room] of this.rooms) {
        room.queue = room.queue.then(() => this.catchUp(room, pageId, since)).catch((error: unknown) => this.options.log('live catch-up failed', error));
      }
    });
  }

  /** Readers connected now, in every page. */
  get size(): number {
    let n = 0;
    for (const room of this.rooms.values()) n += room.readers.size;
    return n;
  }

  /**
   * A new reader's stream of `pageId`, starting with `ready`; `null` when
   * `client` already holds as many streams as it may. A reader coming back
   * with the id of the last event it had (`resumeFrom`, epoch ms) is first
   * sent what changed on the page since (comments written, edited or
   * approved; those deleted or held), before any newer event.
   */
  open(pageId: string, client: string, resumeFrom: number | null = null): ReadableStream<Uint8Array> | null {
    const held = this.perClient.get(client) ?? 0;
    if (held >= this.options.maxPerClient) return null;
    this.perClient.set(client, held + 1);
    let reader: Reader | null = null;
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        const joined: Reader = { controller, client, pageId };
        reader = joined;
        const room = this.join(pageId, joined);
        // Resumed, its position stays where it was until the catch-up is through.
        controller.enqueue(sseFrame('ready', '{}', { retry: 3000, id: String(resumeFrom ?? this.now()) }));
        if (resumeFrom !== null) {
          room.queue = room.queue.then(() => this.resume(room, joined, resumeFrom)).catch((error: unknown) => this.options.log('live catch-up failed', error));
        }
      },
      cancel: () => {
        if (reader !== null) this.leave(pageId, reader);
        reader = null;
      },
    }, { highWaterMark: 0, size: (chunk) => chunk.byteLength });
  }

  /** Ends every stream. */
  close(): void {
    this.stopResync();
    for (const [pageId, room] of this.rooms) {
      for (const reader of [...room.readers]) {
        this.leave(pageId, reader);
        try { reader.controller.close(); } catch { /* already closed */ }
      }
    }
  }

  private join(pageId: string, reader: Reader): Room {
    let room = this.rooms.get(pageId);
    if (room === undefined) {
      const created: Room = { readers: new Set(), unsubscribe: () => {}, queue: Promise.resolve(), sent: new Map() };
      created.unsubscribe = this.options.events.subscribe(pageId, (event) => {
        created.queue = created.queue.then(() => this.deliver(created, event)).catch((error: unknown) => this.options.log('live event failed', error));
      });
      this.rooms.set(pageId, created);
      room = created;
    }
    room.readers.add(reader);
    if (this.keepalive === null) {
      this.keepalive = setInterval(() => this.broadcastKeepalive(), KEEPALIVE_SECONDS * 1000);
      this.keepalive.unref?.();
    }
    return room;
  }

  private leave(pageId: string, reader: Reader): void {
    const room = this.rooms.get(pageId);
    if (room === undefined || !room.readers.delete(reader)) return;
    const held = (this.perClient.get(reader.client) ?? 1) - 1;
    if (held > 0) this.perClient.set(reader.client, held);
    else this.perClient.delete(reader.client);
    if (room.readers.size === 0) {
      room.unsubscribe();
      this.rooms.delete(pageId);
    }
    if (this.rooms.size === 0 && this.keepalive !== null) {
      clearInterval(this.keepalive);
      this.keepalive = null;
    }
  }

  /** Encodes one event once and hands the bytes to every reader of the room. */
  private async deliver(room: Room, event: PageEvent): Promise<void> {
    if (event.type === 'comment') {
      const comment = await this.options.storage.getComment(event.id);
      if (comment?.status === 'approved') this.sendComment(room, comment);
      this.forget(room);
    } else if (event.type === 'deleted') {
      this.sendDeleted(room, event.id);
    } else {
      this.send(room, sseFrame('likes', JSON.stringify({ count: event.count }), { id: String(this.now()) }));
    }
  }

  /** Sends the page's changes since `since` that its readers have not had. */
  private async catchUp(room: Room, pageId: string, since: number): Promise<void> {
    if (room.readers.size === 0) return;
    const { comments, removed } = await this.options.storage.listChangesSince(pageId, since, CATCH_UP_LIMIT);
    for (const comment of comments) this.sendComment(room, comment);
    for (const id of removed) this.sendDeleted(room, id);
  }

  /**
   * Sends one returning reader the page's changes since shortly before
   * `since`: comments written, edited or approved, and those deleted or held
   * (a reader without them ignores their ids).
   */
  private async resume(room: Room, reader: Reader, since: number): Promise<void> {
    if (!room.readers.has(reader)) return;
    const { comments, removed } = await this.options.storage.listChangesSince(reader.pageId, since - RESUME_MARGIN_MS, CATCH_UP_LIMIT);
    if (!room.readers.has(reader)) return;
    const id = String(since);
    const frames = [
      ...comments.map((comment) => commentFrame(comment, this.options.view, id)),
      ...removed.map((removedId) => deletedFrame(removedId, id)),
    ];
    for (const frame of frames) {
      try {
        reader.controller.enqueue(frame);
      } catch {
        return; // Closed under us; its cancel() removes it.
      }
    }
  }

  /** Sends a comment unless the room already sent this version of it. */
  private sendComment(room: Room, comment: StoredComment): void {
    const version = `${comment.editedAt ?? ''} ${comment.contentHash}`;
    if (room.sent.get(comment.id)?.version === version) return;
    room.sent.delete(comment.id);
    room.sent.set(comment.id, { version, at: Date.now() });
    this.send(room, commentFrame(comment, this.options.view, String(this.now())));
  }

  /** Tells the room a comment is gone, unless it already did (a catch-up and the live event may both have it). */
  private sendDeleted(room: Room, id: string): void {
    if (room.sent.get(id)?.version === DELETED) return;
    room.sent.delete(id);
    room.sent.set(id, { version: DELETED, at: Date.now() });
    this.send(room, deletedFrame(id, String(this.now())));
    this.forget(room);
  }

  /** Drops the oldest memories of sent comments (the map is in sending order). */
  private forget(room: Room): void {
    const before = Date.now() - SENT_MEMORY_MS;
    for (const [id, { at }] of room.sent) {
      if (at >= before && room.sent.size <= SENT_MEMORY_COMMENTS) break;
      room.sent.delete(id);
    }
  }

  private send(room: Room, frame: Uint8Array): void {
    for (const reader of [...room.readers]) {
      const { controller } = reader;
      // A reader that stopped reading is dropped rather than buffered without end.
      if ((controller.desiredSize ?? 0) < -MAX_BEHIND_BYTES) {
        this.leave(reader.pageId, reader);
        try { controller.error(new Error('The reader fell too far behind')); } catch { /* already closed */ }
        continue;
      }
      try {
        controller.enqueue(frame);
      } catch {
        // Closed under us; its cancel() removes it.
      }
    }
  }

  private broadcastKeepalive(): void {
    for (const room of this.rooms.values()) this.send(room, KEEPALIVE);
  }
}
