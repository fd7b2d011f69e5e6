import { html } from './html';

/** Props of {@link RelativeTime}. */
export interface RelativeTimeProps {
  /** ISO 8601 timestamp. */
  iso: string;
  /** BCP 47 locale for the wording. */
  locale: string;
  /** The current time in milliseconds, for tests. @default Date.now() */
  now?: number;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 31_536_000], ['month', 2_592_000], ['week', 604_800], ['day', 86_400], ['hour', 3600], ['minute', 60],
];

/**
 * The two formats of a locale, made once: building an `Intl` format costs far
 * more than using one, and a page renders a time for every comment.
 */
const formats = new Map<string, [Intl.RelativeTimeFormat, Intl.DateTimeFormat]>();
function formatsOf(locale: string): [Intl.RelativeTimeFormat, Intl.DateTimeFormat] {
  let made = formats.get(locale);
  if (!made) formats.set(locale, (made = [new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }), new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' })]));
  return made;
}

/** "3 minutes ago", "yesterday", "now"… for `seconds` from now (negative = past). */
export function relativeText(seconds: number, locale: string): string {
  const [format] = formatsOf(locale);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(0, 'second');
}

/** A `<time>` saying how long ago `iso` was, with the exact time on hover. */
export function RelativeTime({ iso, locale, now = Date.now() }: RelativeTimeProps) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  // The tooltip is the exact local date and time.
  return html`<time datetime=${date.toISOString()} title=${formatsOf(locale)[1].format(date)}>
    ${relativeText((date.getTime() - now) / 1000, locale)}
  </time>`;
}
