import { MemoryBackend } from '../backend/memory/memory';
import type { MemorySeed } from '../backend/memory/memory-seed';
import type { BackendFactory } from './create-backend';

/** localStorage when the browser lets the page use it (sandboxed frames and some privacy modes don't). */
function localStorageOrNull(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * `memory` → a {@link MemoryBackend} that keeps comments in this browser's
 * localStorage (an offline demo), starting from `seed` when nothing is saved yet.
 */
export function memoryBackendFactory(seed?: MemorySeed): BackendFactory {
  return {
    accepts: '"memory"',
    create: (spec) => (spec === 'memory' ? new MemoryBackend({ storage: localStorageOrNull(), ...(seed ? { seed } : {}) }) : null),
  };
}
