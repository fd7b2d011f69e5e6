/**
 * Remembers what `compute` answered for the last `max` keys (the oldest
 * go first), for a pure function called again and again with the same keys.
 * @example const visitorHash = boundedMemo(10_000, (id) => hmac(secret, 'visitor', id));
 */
export function boundedMemo<V>(max: number, compute: (key: string) => V): (key: string) => V {
  const known = new Map<string, V>();
  return (key) => {
    const hit = known.get(key);
    if (hit !== undefined) return hit;
    const value = compute(key);
    if (known.size >= max) {
      const oldest = known.keys().next();
      if (!oldest.done) known.delete(oldest.value);
    }
    known.set(key, value);
    return value;
  };
}
