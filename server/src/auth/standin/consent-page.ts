import { STANDIN_USERS } from './standin-users';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** What the consent page needs. */
export interface ConsentPageOptions {
  /** The provider's name, e.g. `Google`. */
  label: string;
  /** Where the form posts (the stand-in's own decision endpoint). */
  action: string;
  /** Hidden fields carried by the form (the pending request's id). */
  fields: Record<string, string>;
  /** The client (natter) asking, shown to the user. */
  clientName: string;
}

/** Security headers of every stand-in HTML page. */
export const STANDIN_PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

/**
 * The stand-in's consent page: clearly labelled as a local stand-in, it lets
 * the developer pick a test user or deny the request.
 */
export function consentPage(options: ConsentPageOptions): string {
  const title = `Local stand-in for ${options.label} — not the real sign-in`;
  const hidden = Object.entries(options.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  const users = STANDIN_USERS.map(
    (user) => `<button type="submit" name="user" value="${escapeHtml(user.key)}">Continue as ${escapeHtml(user.name)}</button>`,
  ).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:24px;background:#fff8e1;color:#222}
.banner{background:#b00020;color:#fff;padding:8px 12px;border-radius:4px;font-weight:600}
form{display:flex;flex-direction:column;gap:8px;max-width:360px;margin-top:16px}
button{font:inherit;padding:8px 12px;cursor:pointer;text-align:left}
button[name=deny]{margin-top:12px}
</style></head>
<body>
<h1 class="banner">${escapeHtml(title)}</h1>
<p>${escapeHtml(options.clientName)} asks to know who you are. This page runs on your own machine in development mode;
no data goes to ${escapeHtml(options.label)}. Pick a test user:</p>
<form method="post" action="${escapeHtml(options.action)}">${hidden}
${users}
<button type="submit" name="deny" value="1">Deny</button>
</form>
</body></html>`;
}
