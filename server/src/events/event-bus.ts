/**
 * A change on a page, as the bus carries it. Payloads stay small (PostgreSQL
 * NOTIFY allows 8000 bytes): each listener loads the comment it names.
 */
export type PageEvent =
  | { type: 'comment'; pageId: string; id: string }
  | { type: 'deleted'; pageId: string; id: string }
  | { type: 'likes'; pageId: string; count: number };

/** Fans page events out to live connections — in one process, or across all of them. */
export interface EventBus {
  publish(event: PageEvent): Promise<void>;
  /** Calls `listener` for each event of the page; returns the unsubscribe function. */
  subscribe(pageId: string, listener: (event: PageEvent) => void): () => void;
  /**
   * Calls `listener` after the bus lost events and hears again (a dropped
   * connection to PostgreSQL): events published since `since` (epoch ms) may
   * not have arrived. Returns the unsubscribe function.
   */
  onResync(listener: (since: number) => void): () => void;
  close(): Promise<void>;
}

/** Narrows an event that crossed a process boundary. */
export function parsePageEvent(value: unknown): PageEvent | null {
  if (typeof value !== 'object' || value === null) return null;
  const type: unknown = Reflect.get(value, 'type');
  const pageId: unknown = Reflect.get(value, 'pageId');
  if (typeof pageId !== 'string') return null;
  if (type === 'comment' || type === 'deleted') {
    const id: unknown = Reflect.get(value, 'id');
    return typeof id === 'string' ? { type, pageId, id } : null;
  }
  if (type === 'likes') {
    const count: unknown = Reflect.get(value, 'count');
    return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? { type, pageId, count } : null;
  }
  return null;
}
