import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

/** The comment id in a `#comment-<id>` hash, or `null`. */
export function commentIdFromHash(hash: string): string | null {
  const match = /^#comment-(.+)$/.exec(hash);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/** The rendered `#comment-<id>` article inside `container` (a shadow root is its own id scope). */
export function commentElement(container: HTMLElement | null, id: string): HTMLElement | null {
  // A connected container's root is its document or shadow root, both with getElementById.
  const element = (container?.getRootNode() as Partial<NonElementParentNode> | undefined)?.getElementById?.(`comment-${id}`);
  return element instanceof HTMLElement && container?.contains(element) ? element : null;
}

/**
 * Follows the host page's `#comment-<id>` hash: once that comment is rendered
 * inside `root`, scrolls it into view and focuses it. Returns the id to highlight.
 * `rendered` should change whenever the list of rendered comments does.
 */
export function usePermalink(root: RefObject<HTMLElement | null>, rendered: unknown): string | null {
  const [target, setTarget] = useState(() => commentIdFromHash(globalThis.location?.hash ?? ''));
  const shown = useRef<string | null>(null);

  // Layout effect: its cleanup runs during unmount, not after it.
  useLayoutEffect(() => {
    const follow = () => setTarget(commentIdFromHash(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);

  useEffect(() => {
    if (!target || shown.current === target) return;
    const element = commentElement(root.current, target);
    if (!element) return;
    shown.current = target;
    // An instant jump (the default behaviour): no motion to reduce for readers who ask for less.
    element.scrollIntoView?.({ block: 'center' });
    element.focus({ preventScroll: true });
  }, [target, rendered]);

  return target;
}
