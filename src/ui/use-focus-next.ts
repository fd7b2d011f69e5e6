import type { RefObject } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * Moves focus after the next render: put selectors in the returned list, most
 * wanted first, and the first one that matches inside `root` gets focus (the
 * control that had it may have just been replaced).
 */
export function useFocusNext(root: RefObject<HTMLElement | null>, initial: string[] = []): { current: string[] } {
  const next = useRef(initial);
  useLayoutEffect(() => {
    const selectors = next.current;
    next.current = [];
    for (const selector of selectors) {
      const target = root.current?.querySelector<HTMLElement>(selector);
      if (target) return target.focus();
    }
  });
  return next;
}
