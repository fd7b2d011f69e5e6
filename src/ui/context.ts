import { createContext, type Context } from 'preact';
import { useContext } from 'preact/hooks';
import type { Backend } from '../backend/backend';
import type { Translator } from '../i18n/translator';
import type { Session, SiteConfig, SortOrder } from '../model/types';
import type { InteractionParts } from './interaction';

/** Per-mount options every component may read (resolved, defaults applied). */
export interface WidgetOptions {
  /** Deepest nesting level shown; deeper replies sit at this level with "in reply to". @default 3 */
  maxDepth: number;
  /** Initial order of top-level comments. @default 'oldest' */
  sort: SortOrder;
  /** Top-level comments fetched per page. @default 50 */
  pageSize: number;
  /** The article's title (heading, notification emails). */
  pageTitle: string;
  /** The article's URL (notification emails, admin). */
  pageUrl: string;
}

/** What every component of one widget instance needs; provided once by the app root. */
export interface WidgetContext {
  backend: Backend;
  /** The site's configuration, loaded before anything else renders. */
  config: SiteConfig;
  /** Translator for the mount's locale: `t.t('Reply')`, `t.tn(one, other, n)`. */
  t: Translator;
  /** The page whose comments are shown. */
  pageId: string;
  options: WidgetOptions;
  /** The signed-in reader, or `null` for a guest. */
  session: Session | null;
  /** Replaces the session (after sign-in, sign-out or "Change"). */
  setSession(session: Session | null): void;
  /** Asks the backend for the session, once per load (the form calls it: first paint needs no session). */
  loadSession(): void;
  /** The form and editor, once loaded; `null` before. */
  parts: InteractionParts | null;
  /** Loads the {@link parts} now (the reader is interacting); rejects when they could not load. */
  interact(): Promise<InteractionParts>;
  /** Says `message` politely through the widget's live region. */
  announce(message: string): void;
}

/** The preact context carrying {@link WidgetContext}; `null` outside a widget. */
export const Widget = createContext<WidgetContext | null>(null);

/** {@link WidgetContext} without what changes while a widget runs: the session and the parts. */
export type SteadyContext = Omit<WidgetContext, 'session' | 'parts'>;

/**
 * The preact context carrying {@link SteadyContext}. The comments of a list read
 * this one: every reader of a context renders again when its value changes, and
 * a list of a thousand comments rendered again when the form's code arrives or
 * the reader signs in is a long task for nothing (no comment shows either).
 */
export const Steady = createContext<SteadyContext | null>(null);

/** Reads `context`; throws when used outside the app root. */
function read<T>(context: Context<T | null>): T {
  const value = useContext(context);
  if (!value) throw new Error('natter: used outside the app');
  return value;
}

/** Reads the widget context; throws when used outside the app root. */
export const useWidget = (): WidgetContext => read(Widget);

/** Reads the {@link SteadyContext}; throws when used outside the app root. */
export const useSteady = (): SteadyContext => read(Steady);
