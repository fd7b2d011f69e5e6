/**
 * A least-recently-used map bounded by the bytes its values hold, not by how
 * many there are: a thousand-comment page and an empty one weigh what they
 * weigh. A value larger than the whole budget is not kept.
 * @example const cache = new ByteLru<EncodedBody>(8 << 20, (b) => b.size);
 */
export class ByteLru<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private held = 0;

  constructor(
    /** The budget in bytes; 0 keeps nothing. */
    readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  /** The value under `key`, now the most recently used. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // Re-inserting moves the key to the end of the Map's order: the newest.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` under `key`, dropping the least recently used until the budget holds. */
  set(key: string, value: V): void {
    this.delete(key);
    const bytes = this.sizeOf(value);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.held += bytes;
    this.evict();
  }

  /** Re-weighs the value under `key` after it grew (a new coding made). */
  resize(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    const bytes = this.sizeOf(entry.value);
    this.held += bytes - entry.bytes;
    entry.bytes = bytes;
    if (bytes > this.maxBytes) this.delete(key);
    this.evict();
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.held -= entry.bytes;
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.held <= this.maxBytes) return;
      this.entries.delete(key);
      this.held -= entry.bytes;
    }
  }
}
