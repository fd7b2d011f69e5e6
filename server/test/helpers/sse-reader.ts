/** One parsed Server-Sent Event. */
export interface SseEvent {
  event: string;
  data: string;
}

/** Reads events from a streaming response body, one at a time. */
export class SseReader {
  private buffer = '';
  /** The id of the last event read that had one, as an EventSource keeps it. */
  lastEventId = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();

  constructor(response: Response) {
    if (!response.body) throw new Error('The response has no body');
    this.reader = response.body.getReader();
  }

  /** The next event (keep-alive comments skipped); rejects after `timeoutMs`. */
  async next(timeoutMs = 5000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const lines = block.split('\n').filter((l) => !l.startsWith(':'));
        if (lines.length === 0) continue;
        const event = lines.find((l) => l.startsWith('event:'))?.slice(6).trim() ?? 'message';
        const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
        const id = lines.find((l) => l.startsWith('id:'));
        if (id !== undefined) this.lastEventId = id.slice(3).trim();
        return { event, data };
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('No event arrived in time');
      const chunk = await Promise.race([
        this.reader.read(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('No event arrived in time')), left)),
      ]);
      if (chunk.done) throw new Error('The stream ended');
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
    }
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }
}
