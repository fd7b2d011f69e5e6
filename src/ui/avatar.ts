import { useState } from 'preact/hooks';
import { html } from './html';
import { httpUrl } from './http-url';
import { stringHash } from './string-hash';

/** Props of {@link Avatar}. */
export interface AvatarProps {
  /** Whose avatar: the name gives the initials, colour and default alt text. */
  author: { name: string; avatarUrl?: string | undefined };
  /** Edge length in CSS pixels. @default 40 */
  size?: number;
  /** Alternative text; `''` when the name is already shown beside it. @default author.name */
  alt?: string;
}

/** Up to two initials, the first letters of the first and last words. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = (w: string | undefined) => (w ? (Array.from(w)[0] ?? '') : '');
  return (first(words[0]) + (words.length > 1 ? first(words[words.length - 1]) : '')).toUpperCase() || '?';
}

/** A hue from a string hash, so one name always gets the same colour. */
export function hue(name: string): number {
  return Math.abs(stringHash(name)) % 360;
}

/**
 * An author's picture: their image when it has an http(s) URL and loads, else
 * their initials on a colour derived from the name — drawn locally, no request.
 */
export function Avatar({ author, size = 40, alt = author.name }: AvatarProps) {
  const src = httpUrl(author.avatarUrl);
  const [broken, setBroken] = useState<string | null>(null);
  if (src && broken !== src) {
    // src last: preact sets attributes in order, and each one set after src makes the browser update the image again.
    return html`<img class="avatar" alt=${alt} width=${size} height=${size} loading="lazy" decoding="async"
      referrerpolicy="no-referrer" onError=${() => setBroken(src)} src=${src} />`;
  }
  // 30% lightness keeps white initials above 4.5:1 contrast on every hue.
  return html`<span class="avatar initials" role=${alt ? 'img' : undefined}
    aria-label=${alt || undefined} aria-hidden=${alt ? undefined : 'true'}
    style=${{ width: `${size}px`, height: `${size}px`, background: `hsl(${hue(author.name)} 45% 30%)`, fontSize: `${Math.round(size * 0.4)}px` }}
  >${initials(author.name)}</span>`;
}
