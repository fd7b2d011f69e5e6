import type { Backend, FirstRender, ListQuery } from './backend/backend';
import { loadCatalogue, type CatalogueLoader } from './i18n/load-catalogue';
import { pickLocale } from './i18n/locale';
import { NatterError } from './model/errors';
import { createTranslator } from './i18n/translator';
import type { SortOrder } from './model/types';
import widgetCss from './styles/widget.css?inline';
import { keepBody } from './ui/draft-store';
import { readFirst } from './ui/app';
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
  const query = { pageId, sort, limit };
  let mounted = true;
  let reload = 0;
  let early: FirstRender | undefined;
  let reading: Promise<FirstRender> | undefined;
  let draw: () => unknown = () => {};
  let styled = false;
  /** The widget's renderer: this bundle's, until the interaction chunk brings preact's (see `ui/paint/preact.ts`). */
  let show = renderWidget;
  /** True while the widget is a painting that preact has not taken over yet. */
  let painted = false;
  let stopWaiting = () => {};
  // The interaction parts bring the CSS of what they render: it joins the sheet before they do.
  const loadInteraction = () => (options.loadInteraction?.() ?? Promise.reject(new NatterError('unsupported', 'natter: no loadInteraction')))
    .then((parts) => {
      if (!styled) style.add(parts.css);
      styled = true;
      return parts;
    });

  /*
   * Until preact takes the painting over, the painting has no handlers: these
   * listeners on the widget's container load preact at the first focus or
   * click, and remember what to do again once it runs. Only the last pending
   * action is kept, and only while the reader stays on it: focus moving
   * elsewhere drops it (the reader has moved on).
   */
  const LISTENED = ['click', 'focusin', 'input', 'change', 'error'];
  const listen = (on: boolean) => {
    for (const type of LISTENED) (on ? container.addEventListener : container.removeEventListener).call(container, type, wake, true);
  };
  /** The element whose action waits for preact, and that action. */
  let pending: { target: EventTarget; replay(): void } | undefined;
  /** Pictures of the painting that failed to load: told again to preact's handlers, which draw initials instead. */
  const failed = new Set<EventTarget>();
  /** Preact takes the painting over (reusing its nodes where the markup matches) and the widget comes alive. */
  const awaken = () => loadInteraction().then((parts) => setTimeout(() => {
    // A task of its own: the chunk's evaluation and the takeover do not add up to one long task.
    if (!painted || !mounted || !parts.renderWidget) return;
    painted = false;
    listen(false);
    show = parts.renderWidget;
    draw();
    // Focus stayed on its node; a focused collapsed form now gets its focus handler's due (the full form).
    const focused = (root as DocumentOrShadowRoot).activeElement;
    if (focused && container.contains(focused)) focused.dispatchEvent(new FocusEvent('focus'));
    pending?.replay();
    pending = undefined;
    for (const picture of failed) picture.dispatchEvent(new Event('error'));
  }), () => {
    // Not loaded (offline, blocked): the painting stays, and the next focus or click tries again.
  });
  function wake(event: Event) {
    const { target } = event;
    if (!target) return;
    // A picture that failed is no reason to load anything (error events do not bubble: these listeners capture).
    if (event.type === 'error') return void failed.add(target);
    if (event.type === 'input') {
      // Text typed into the collapsed form is its draft, as the form's own handler keeps it: the form takes it over.
      if (target instanceof HTMLTextAreaElement) keepBody(pageId, null, target.value);
      return;
    }
    if (event.type === 'focusin' && pending?.target !== target) pending = undefined;
    if (event.type === 'change' && target instanceof HTMLSelectElement) {
      const { value } = target;
      pending = {
        target,
        replay() {
          target.value = value;
          target.dispatchEvent(new Event('change', { bubbles: true }));
        },
      };
    } else if (event.type === 'click') {
      const button = target instanceof Element && target.closest('button');
      // Pressed again only if preact kept that button where it was: same node, same words.
      const words = button && button.textContent + (button.getAttribute('aria-label') ?? '');
      if (button) pending = { target: button, replay: () => button.isConnected && button.textContent + (button.getAttribute('aria-label') ?? '') === words && button.click() };
    }
    void awaken();
  }

  // First render gets a task of its own, not the one that evaluated the script: neither grows into a long task.
  // It waits a moment for a first read already on its way, to draw the comments at once rather than a
  // loading state and then the comments (two renders and two layouts before the first comment shows).
  const read = Promise.race([options.backend.whenRead?.(), new Promise((resolve) => setTimeout(resolve, FIRST_READ_WAIT_MS))]);
  /** Draws the widget; true when it is a painting waiting for preact (one that failed too: preact shows the error). */
  const paint = () => {
    try {
      return draw() === true;
    } catch (error) {
      console.error('natter:', error);
      return true;
    }
  };
  /**
   * Paints, and has preact take over: when the browser is idle (the rest of a
   * long first page follows then, in slices), or at once when the painting
   * cannot stand alone — the loading state, a permalink to follow.
   */
  const start = () => {
    painted = paint();
    if (!painted) return;
    listen(true);
    // Nothing read yet (a backend that reads only when asked, or a slow answer): the read starts now, beside preact's load.
    if (!early && !reading) {
      reading = readFirst(options.backend, query);
      reading.catch(() => {}); // preact's first load reports it
    }
    if (!early || commentIdFromHash(location.hash)) void awaken();
    else stopWaiting = whenIdle(() => void awaken());
  };
  Promise.all([loadCatalogue(locale, options.loadCatalogue), read]).then(([catalogue]) => setTimeout(() => {
    if (!mounted) return;
    const t = createTranslator(locale, catalogue);
    const message = t.t('Something went wrong. Please try again.');
    early = options.backend.takeThread?.(query);
    draw = () => show(container, { backend: options.backend, t, pageId, options: widgetOptions, reload, loadInteraction, early, reading }, message);
    start();
  }));

  return {
    unmount() {
      if (!mounted) return;
      mounted = false;
      stopWaiting();
      listen(false);
      show(container, null);
      container.remove();
      style.remove();
      if (theme !== 'auto') element.removeAttribute('data-theme');
    },
    refresh() {
      if (!mounted) return;
      reload += 1;
      early = undefined;
      reading = undefined;
      if (painted) start();
      else draw();
    },
  };
}
