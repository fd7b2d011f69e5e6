import { randomBytes } from 'node:crypto';
import { authText, type AuthLanguage } from './auth-messages';

/** The message the callback page posts to the widget. */
export type AuthMessage =
  | { type: 'natter:auth'; nonce: string; code: string }
  | { type: 'natter:auth'; nonce: string; error: 'provider_error' };

/** An HTML page with the headers it must be served with. */
export interface AuthPage {
  html: string;
  headers: Record<string, string>;
}

/** Headers every sign-in page carries, whatever its script policy. */
function pageHeaders(scriptSrc: string): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': `default-src 'none'; script-src ${scriptSrc}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    // The page must keep its opener to post back; never sever it.
    'Cross-Origin-Opener-Policy': 'unsafe-none',
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** JSON that is safe inside a `<script>` element (no `</script>`, no line separators). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The page the popup ends on: it posts `message` to `window.opener` at exactly
 * `targetOrigin` (never `*`) and closes itself. Its only script carries a
 * fresh CSP nonce; the page cannot be framed and sends no referrer.
 */
export function callbackPage(message: AuthMessage, targetOrigin: string, lang: AuthLanguage = 'en'): AuthPage {
  const nonce = randomBytes(16).toString('base64');
  const text = authText(lang, 'code' in message ? 'signedIn' : 'notCompleted');
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(authText(lang, 'title'))}</title></head>
<body><p>${escapeHtml(text)}</p>
<script nonce="${nonce}">(function () {
  var message = ${scriptJson(message)};
  var origin = ${scriptJson(targetOrigin)};
  if (window.opener) window.opener.postMessage(message, origin);
  setTimeout(function () { window.close(); }, 100);
})();</script></body></html>`;
  return { html, headers: pageHeaders(`'nonce-${nonce}'`) };
}

/** A page in `lang` explaining why sign-in stopped (`text`, already translated), with no script at all. */
export function errorPage(text: string, lang: AuthLanguage = 'en'): AuthPage {
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(authText(lang, 'title'))}</title></head>
<body><h1>${escapeHtml(authText(lang, 'heading'))}</h1><p>${escapeHtml(text)}</p><p>${escapeHtml(authText(lang, 'advice'))}</p></body></html>`;
  return { html, headers: pageHeaders("'none'") };
}
