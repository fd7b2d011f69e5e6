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
 * more than using one, and the first one a page builds loads the browser's
 * locale data (10–30 ms), which is why English first paint uses none.
 */
const formats = new Map<string, [Intl.RelativeTimeFormat, Intl.DateTimeFormat]>();
function formatsOf(locale: string): [Intl.RelativeTimeFormat, Intl.DateTimeFormat] {
  let made = formats.get(locale);
  if (!made) formats.set(locale, (made = [new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }), new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' })]));
  return made;
}

/** `value` `unit`s from now in English, word for word what `Intl.RelativeTimeFormat('en', { numeric: 'auto' })` says. */
function english(value: number, unit: Intl.RelativeTimeFormatUnit): string {
  const past = value < 0;
  // One day, week, month or year away has words of its own.
  if (value * value === 1 && unit !== 'hour' && unit !== 'minute') {
    return unit === 'day' ? (past ? 'yesterday' : 'tomorrow') : `${past ? 'last' : 'next'} ${unit}`;
  }
  const n = Math.abs(value);
  const words = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return past ? `${words} ago` : `in ${words}`;
}

/** "3 minutes ago", "yesterday", "now"… for `seconds` from now (negative = past). */
export function relativeText(seconds: number, locale: string): string {
  const say = locale === 'en' ? english : (value: number, unit: Intl.RelativeTimeFormatUnit) => formatsOf(locale)[0].format(value, unit);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return say(Math.round(seconds / size), unit);
  }
  return locale === 'en' ? 'now' : say(0, 'second');
}

/**
 * A `<time>` saying how long ago `iso` was, with the exact local date and
 * time as its title, written when the pointer first comes over it.
 */
export function RelativeTime({ iso, locale, now = Date.now() }: RelativeTimeProps) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const title = (event: Event) => {
    const time = event.currentTarget as HTMLElement;
    time.title ||= formatsOf(locale)[1].format(date);
  };
  return html`<time datetime=${date.toISOString()} onPointerEnter=${title}>
    ${relativeText((date.getTime() - now) / 1000, locale)}
  </time>`;
}
