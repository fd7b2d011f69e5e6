import { useEffect, useState } from 'preact/hooks';
import type { LikeSummary } from '../model/types';
import { Avatar } from './avatar';
import { useWidget } from './context';
import { actionError } from './error-message';
import { html } from './html';

/** Props of {@link Likes}. */
export interface LikesProps {
  /** The summary first render brought, when the backend loads it with the thread; else it is fetched. */
  initial?: LikeSummary | null;
  /** The latest count from a live event, when one arrived. */
  liveCount?: number | null;
}

/**
 * The post's "Like" button and "N bloggers like this:" with the likers'
 * avatars. Renders nothing unless the backend has likes and the site enables them.
 */
export function Likes({ initial = null, liveCount = null }: LikesProps) {
  const { backend, config, pageId, t, announce, interact } = useWidget();
  const enabled = config.features.likes && !!backend.getLikes && !!backend.setLike;
  const [summary, setSummary] = useState<LikeSummary | null>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!enabled || !backend.getLikes || initial) return;
    const abort = new AbortController();
    // Likes that fail to load stay hidden: the thread below matters more than an alert about them.
    backend.getLikes(pageId, abort.signal).then(setSummary, () => {});
    return () => abort.abort();
  }, [backend, pageId, enabled]);

  useEffect(() => {
    if (liveCount !== null) setSummary((s) => (s ? { ...s, count: liveCount } : s));
  }, [liveCount]);

  if (!enabled || !summary) return null;

  const toggle = async () => {
    if (!backend.setLike) return;
    setBusy(true);
    setError(null);
    try {
      const next = await backend.setLike(pageId, !summary.liked);
      setSummary(next);
      announce(next.liked ? t.t('You like this.') : t.t('You no longer like this.'));
    } catch (e) {
      setError(await actionError({ t, interact }, e));
    } finally {
      setBusy(false);
    }
  };

  const { count, liked, likers } = summary;
  return html`<section class="likes" aria-labelledby="likes-title">
    <h2 id="likes-title" class="likes-title">${t.t('Like this:')}</h2>
    <div class="likes-row">
      <button type="button" class="like" aria-pressed=${liked} disabled=${busy} onClick=${toggle}>
        <span aria-hidden="true">★</span> ${liked ? t.t('Liked') : t.t('Like')}
      </button>
      ${likers.length > 0 && html`<ul class="likers" aria-label=${t.t('People who like this')}>
        ${likers.slice(0, 12).map((l, i) => html`<li key=${i}><${Avatar} author=${l} size=${30} /></li>`)}
      </ul>`}
    </div>
    <p class="likes-count">${count === 0
      ? t.t('Be the first to like this.')
      : t.tn('One blogger likes this.', '%d bloggers like this:', count)}</p>
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </section>`;
}
