import { useLayoutEffect } from 'preact/hooks';
import type { LiveEvent } from '../backend/backend';
import type { Comment } from '../model/types';
import { useWidget } from './context';

/** What live events may change in the thread on show; every member keeps working for the widget's life. */
export interface LiveThread {
  /** The comments shown now. */
  comments(): Comment[];
  /** Adds new comments, replaces known ones. */
  merge(comments: Comment[]): void;
  remove(id: string): void;
  /** Counts an approved reply whose thread is not loaded yet (it arrives with its page). */
  countUnloaded(): void;
  /** The page's like count changed. */
  likes(count: number): void;
}

/** Props of {@link LiveUpdates}. */
export interface LiveUpdatesProps {
  thread: LiveThread;
}

/**
 * Subscribes to the backend's live events while rendered, when the backend
 * has them and the site turns them on, and merges each into `thread`.
 * Renders nothing.
 */
export function LiveUpdates({ thread }: LiveUpdatesProps) {
  const { backend, config, pageId, t, announce } = useWidget();
  const live = config.features.live && !!backend.subscribe;
  // A layout effect, because preact defers plain effect cleanups past unmount:
  // the subscription must be closed by the time unmount() returns.
  useLayoutEffect(() => {
    if (!live || !backend.subscribe) return;
    // The subscription keeps the first render's `onLive` and `thread`, which read the thread when called.
    const onLive = (event: LiveEvent) => {
      if (event.type === 'likes') return thread.likes(event.count);
      if (event.type === 'deleted') return thread.remove(event.id);
      const { comment } = event;
      const list = thread.comments();
      const isNew = !list.some((c) => c.id === comment.id);
      // A reply in a thread that is not loaded yet arrives with its page.
      if (isNew && comment.parentId && !list.some((c) => c.id === comment.parentId)) {
        if (comment.status === 'approved') thread.countUnloaded();
        return;
      }
      // Live events carry the public view: keep what the author's own copy knows (mine, editableUntil, source).
      const own = list.find((c) => c.id === comment.id && c.mine);
      thread.merge([own ? { ...own, ...comment } : comment]);
      if (isNew && !comment.mine) announce(t.t('New comment from %s.', comment.author.name));
    };
    let unsubscribe: () => void;
    try {
      unsubscribe = backend.subscribe(pageId, onLive);
    } catch {
      return; // Live updates are a bonus; the thread works without them.
    }
    return () => unsubscribe();
  }, [backend, pageId, live]);
  return null;
}
