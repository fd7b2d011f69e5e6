import type { EventBus, PageEvent } from './event-bus';

/** The {@link EventBus} of a single process (SQLite). */
export class MemoryEventBus implements EventBus {
  private readonly listeners = new Map<string, Set<(event: PageEvent) => void>>();

  async publish(event: PageEvent): Promise<void> {
    this.deliver(event);
  }

  /** Hands an event to this process's listeners of its page. */
  deliver(event: PageEvent): void {
    for (const listener of [...(this.listeners.get(event.pageId) ?? [])]) {
      try {
        listener(event);
      } catch {
        // One broken connection must not stop the others from hearing the event.
      }
    }
  }

  subscribe(pageId: string, listener: (event: PageEvent) => void): () => void {
    let set = this.listeners.get(pageId);
    if (!set) this.listeners.set(pageId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(pageId) === set) this.listeners.delete(pageId);
    };
  }

  /** One process loses no event: there is never anything to catch up on. */
  onResync(): () => void {
    return () => {};
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
