import type { Backend, FirstRender, ListQuery } from './backend/backend';
import { loadCatalogue, type CatalogueLoader } from './i18n/load-catalogue';
import { pickLocale } from './i18n/locale';
import { NatterError } from './model/errors';
import { createTranslator } from './i18n/translator';
import type { SortOrder } from './model/types';
import widgetCss from './styles/widget.css?inline';
import { keepBody } from './ui/draft-store';
import { renderWidget } from './ui/render-widget';
import { commentIdFromHash } from './ui/use-permalink';
import { whenIdle } from './ui/when-idle';
import type { WidgetOptions } from './ui/context';
import type { InteractionLoader } from './ui/interaction';
import { hostDocument, hostQuery } from './host-document';

/** Options of {@link mount}. */
export interface MountOptions {
  /** Where comments come from and go to: `new MemoryBackend()`, `new HttpBackend({ baseUrl })` or your own. */
  backend: Backend;
  /** The page's id on the backend. @default the canonical URL's path, else `location.pathname` */
  pageId?: string;
  /** The article's title, shown in "N thoughts on “Title”". @default document.title */
  pageTitle?: string;
  /** The article's address, for notification emails. @default the canonical URL, else `location.href` without its hash */
  pageUrl?: string;
  /** Language of the widget (`en`, `fr`, `de`; `fr-CA` → `fr`). @default the page's `<html lang>`, else `en` */
  lang?: string;
  /** Colour theme; `auto` follows `prefers-color-scheme`. @default 'auto' */
  theme?: 'light' | 'dark' | 'auto';
  /** Deepest reply nesting shown; deeper replies keep an "in reply to" link. @default 3 */
  maxDepth?: number;
  /** Initial order of top-level comments. @default 'oldest' */
  sort?: SortOrder;
  /** Top-level comments per page ("Load more comments" fetches the next). @default 50 */
  pageSize?: number;
  /** Loads a non-English catalogue (the entry points supply one). @default none: English only */
  loadCatalogue?: CatalogueLoader;
  /** Loads the form and editor, which first paint does not need (the entry points supply one). @default none: the form stays collapsed */
  loadInteraction?: InteractionLoader;
}

/** A mounted widget. */
export interface NatterHandle {
  /** Removes the widget, its listeners and live subscriptions. Safe to call more than once. */
  unmount(): void;
  /** Reloads configuration and comments from the backend. */
  refresh(): void;
}

function canonical(): URL | null {
  const link = hostQuery('link[rel="canonical"]');
  const href = link?.getAttribute('href');
  if (!href) return null;
  try {
    return new URL(href, location.href);
  } catch {
    return null;
  }
}

/** The widget's one style sheet in `root`: `add` appends rules to it (the interaction chunk's), `remove` takes it out. */
interface WidgetStyle {
  add(css: string): void;
  remove(): void;
}

function styleInto(root: ShadowRoot): WidgetStyle {
  let css = widgetCss;
  // Constructed sheets work under a strict style-src CSP; a <style> element is the fallback.
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return {
      add: (more) => sheet.replaceSync(css += more),
      remove: () => { root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet); },
    };
  }
  const style = document.createElement('style');
  style.textContent = css;
  root.append(style);
  return { add: (more) => style.append(more), remove: () => style.remove() };
}

/** Longest wait of first render for a first read already on its way, in ms: then the loading state shows. */
const FIRST_READ_WAIT_MS = 300;

/** The page id, sort and page size `options` resolve to (defaults applied): the first page's query. */
export function firstQuery(options: Omit<MountOptions, 'backend'>): ListQuery & { sort: SortOrder; limit: number } {
  return {
    pageId: options.pageId || canonical()?.pathname || location.pathname,
    sort: options.sort === 'newest' ? 'newest' : 'oldest',
    limit: Math.max(1, Math.floor(options.pageSize ?? 50) || 50),
  };
}

/**
 * Mounts a comment thread into `element`, inside an open shadow root.
 * @example
 * const handle = mount(document.querySelector('#comments')!, { backend: new MemoryBackend() });
 * handle.unmount();
 */
export function mount(element: Element, options: MountOptions): NatterHandle {
  if (!options?.backend) throw new NatterError('invalid', 'natter: mount() needs options.backend');
  const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  const style = styleInto(root);
  const container = document.createElement('div');
  root.append(container);
  const theme = options.theme ?? 'auto';
  if (theme !== 'auto') element.setAttribute('data-theme', theme);

  const page = canonical();
  const { pageId, sort, limit } = firstQuery(options);
  const widgetOptions: WidgetOptions = {
    maxDepth: Math.max(1, Math.floor(options.maxDepth ?? 3) || 3),
    sort,
    pageSize: limit,
    pageTitle: options.pageTitle ?? hostDocument('title'),
    pageUrl: options.pageUrl ?? page?.href ?? location.href.split('#')[0] ?? '',
  };
  const locale = pickLocale(options.lang);
  let mounted = true;
  let reload = 0;
  let early: FirstRender | undefined;
  let draw: () => unknown = () => {};
  let styled = false;
  /** The widget's renderer: this bundle's, until the interaction chunk brings preact's (see `ui/paint/preact.ts`). */
  let show = renderWidget;
  /** True while the widget is a painting that preact has not taken over yet. */
  let painted = false;
  // The interaction parts bring the CSS of what they render: it joins the sheet before they do.
  const loadInteraction = () => (options.loadInteraction?.() ?? Promise.reject(new NatterError('unsupported', 'natter: no loadInteraction')))
    .then((parts) => {
      if (!styled) style.add(parts.css);
      styled = true;
      return parts;
    });

  /** What the reader did to the painting, done again once preact has taken it over: the last button pressed or choice made. */
  let replay: (() => void) | undefined;
  /** Pictures of the painting that failed to load: told again to preact's handlers, which draw initials instead. */
  const failed = new Set<EventTarget>();
  const LISTENED = ['click', 'focusin', 'input', 'change', 'error'];
  /** Preact takes the painting over (reusing its nodes, so focus and typed text stay) and the widget comes alive. */
  const awaken = () => loadInteraction().then((parts) => setTimeout(() => {
    // A task of its own: the chunk's evaluation and the takeover do not add up to one long task.
    if (!painted || !mounted || !parts.renderWidget) return;
    painted = false;
    for (const type of LISTENED) root.removeEventListener(type, wake, true);
    show = parts.renderWidget;
    draw();
    replay?.();
    for (const picture of failed) picture.dispatchEvent(new Event('error'));
  }), () => {
    // Not loaded (offline, blocked): the painting stays, and the next focus or click tries again.
  });
  function wake(event: Event) {
    const { target } = event;
    // A picture that failed is no reason to load anything (error events do not bubble: these listeners capture).
    if (event.type === 'error') return void (target && failed.add(target));
    // Text typed into the collapsed form is its draft, as the form's own handler keeps it: the form takes it over.
    if (event.type === 'input') {
      if (target instanceof HTMLTextAreaElement) keepBody(pageId, null, target.value);
    } else if (target instanceof HTMLSelectElement) {
      const { value } = target;
      replay = () => {
        target.value = value;
        target.dispatchEvent(new Event('change', { bubbles: true }));
      };
    } else if (event.type === 'click') {
      const button = target instanceof Element && target.closest('button');
      if (button) replay = () => button.isConnected && button.click();
    }
    void awaken();
  }

  // First render gets a task of its own, not the one that evaluated the script: neither grows into a long task.
  // It waits a moment for a first read already on its way, to draw the comments at once rather than a
  // loading state and then the comments (two renders and two layouts before the first comment shows).
  const read = Promise.race([options.backend.whenRead?.(), new Promise((resolve) => setTimeout(resolve, FIRST_READ_WAIT_MS))]);
  Promise.all([loadCatalogue(locale, options.loadCatalogue), read]).then(([catalogue]) => setTimeout(() => {
    if (!mounted) return;
    const t = createTranslator(locale, catalogue);
    const message = t.t('Something went wrong. Please try again.');
    early = options.backend.takeThread?.({ pageId, sort, limit });
    draw = () => show(container, { backend: options.backend, t, pageId, options: widgetOptions, reload, loadInteraction, early }, message);
    try {
      painted = draw() === true;
    } catch (error) {
      // A painting that failed is left to preact, whose error boundary shows the message.
      console.error('natter:', error);
      painted = true;
    }
    if (!painted) return;
    for (const type of LISTENED) root.addEventListener(type, wake, true);
    // A painting of the loading state, or of a thread whose permalink is followed, needs preact now; else when idle.
    if (!early || commentIdFromHash(location.hash)) void awaken();
    else whenIdle(awaken);
  }));

  return {
    unmount() {
      if (!mounted) return;
      mounted = false;
      for (const type of LISTENED) root.removeEventListener(type, wake, true);
      show(container, null);
      container.remove();
      style.remove();
      if (theme !== 'auto') element.removeAttribute('data-theme');
    },
    refresh() {
      if (!mounted) return;
      reload += 1;
      early = undefined;
      draw();
      if (painted) void awaken();
    },
  };
}
