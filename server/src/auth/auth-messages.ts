import type { Context } from 'hono';

/** The languages natter's sign-in pages speak. */
export const AUTH_LANGUAGES = ['en', 'fr', 'de'] as const;
/** One of {@link AUTH_LANGUAGES}. */
export type AuthLanguage = (typeof AUTH_LANGUAGES)[number];

/** Every text of the sign-in pages, by language. `{provider}` is filled in. */
const MESSAGES = {
  title: {
    en: 'natter sign-in', fr: 'Connexion natter', de: 'natter-Anmeldung',
  },
  heading: {
    en: 'Sign-in did not work', fr: 'La connexion a échoué', de: 'Die Anmeldung hat nicht funktioniert',
  },
  advice: {
    en: 'Close this window and try again from the article.',
    fr: 'Fermez cette fenêtre et réessayez depuis l’article.',
    de: 'Schließen Sie dieses Fenster und versuchen Sie es im Artikel noch einmal.',
  },
  signedIn: {
    en: 'Signed in. You can close this window.',
    fr: 'Vous êtes connecté. Vous pouvez fermer cette fenêtre.',
    de: 'Sie sind angemeldet. Sie können dieses Fenster schließen.',
  },
  notCompleted: {
    en: 'Sign-in was not completed. You can close this window.',
    fr: 'La connexion n’a pas abouti. Vous pouvez fermer cette fenêtre.',
    de: 'Die Anmeldung wurde nicht abgeschlossen. Sie können dieses Fenster schließen.',
  },
  rateLimited: {
    en: 'Too many sign-in attempts from here. Wait a minute and try again.',
    fr: 'Trop de tentatives de connexion depuis cette adresse. Attendez une minute et réessayez.',
    de: 'Zu viele Anmeldeversuche von hier. Warten Sie eine Minute und versuchen Sie es erneut.',
  },
  providerDisabled: {
    en: 'This sign-in provider is not enabled on this site.',
    fr: 'Ce service de connexion n’est pas activé sur ce site.',
    de: 'Dieser Anmeldedienst ist auf dieser Website nicht aktiviert.',
  },
  originRefused: {
    en: 'This page is not allowed to sign in with this server.',
    fr: 'Cette page n’est pas autorisée à se connecter avec ce serveur.',
    de: 'Diese Seite darf sich nicht über diesen Server anmelden.',
  },
  malformed: {
    en: 'The sign-in request is malformed.',
    fr: 'La demande de connexion est mal formée.',
    de: 'Die Anmeldeanfrage ist fehlerhaft.',
  },
  returnRefused: {
    en: 'The return address is not allowed.',
    fr: 'L’adresse de retour n’est pas autorisée.',
    de: 'Die Rücksprungadresse ist nicht erlaubt.',
  },
  providerUnreachable: {
    en: '{provider} could not be reached.',
    fr: '{provider} est injoignable.',
    de: '{provider} ist nicht erreichbar.',
  },
  expired: {
    en: 'This sign-in has expired or was already used.',
    fr: 'Cette connexion a expiré ou a déjà été utilisée.',
    de: 'Diese Anmeldung ist abgelaufen oder wurde bereits verwendet.',
  },
  serverError: {
    en: 'Something went wrong on the server. Try again in a moment.',
    fr: 'Une erreur s’est produite sur le serveur. Réessayez dans un instant.',
    de: 'Auf dem Server ist ein Fehler aufgetreten. Versuchen Sie es gleich noch einmal.',
  },
} satisfies Record<string, Record<AuthLanguage, string>>;

/** The id of one sign-in text. */
export type AuthMessageId = keyof typeof MESSAGES;

/** The text `id` in `lang`, with `{provider}` filled in. */
export function authText(lang: AuthLanguage, id: AuthMessageId, vars: { provider?: string } = {}): string {
  return MESSAGES[id][lang].replace('{provider}', vars.provider ?? '');
}

function asLanguage(tag: string): AuthLanguage | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return AUTH_LANGUAGES.find((l) => l === primary) ?? null;
}

/** The language of `Accept-Language` with the highest weight that natter speaks, or `null`. */
export function preferredLanguage(acceptLanguage: string | undefined): AuthLanguage | null {
  if (acceptLanguage === undefined) return null;
  let best: { lang: AuthLanguage; q: number } | null = null;
  for (const part of acceptLanguage.slice(0, 512).split(',')) {
    const [tag = '', ...params] = part.split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    const lang = asLanguage(tag);
    if (lang !== null && Number.isFinite(q) && q > 0 && (best === null || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? null;
}

/** The sign-in pages' language: the widget's `lang` parameter, else the browser's `Accept-Language`, else English. */
export function requestLanguage(c: Context): AuthLanguage {
  const param = c.req.query('lang');
  return (param !== undefined && param.length <= 35 ? asLanguage(param) : null) ?? preferredLanguage(c.req.header('accept-language')) ?? 'en';
}

/**
 * Whether the client asks for JSON rather than a page: `Accept` names
 * `application/json` with at least the weight it gives `text/html`.
 */
export function wantsJson(c: Context): boolean {
  const weights = new Map<string, number>();
  for (const part of (c.req.header('accept') ?? '').slice(0, 1024).split(',')) {
    const [type = '', ...params] = part.split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (Number.isFinite(q)) weights.set(type.trim().toLowerCase(), q);
  }
  const json = weights.get('application/json') ?? 0;
  return json > 0 && json >= (weights.get('text/html') ?? 0);
}
