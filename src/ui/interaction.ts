import type { ComponentType } from 'preact';
import type { Translator } from '../i18n/translator';
import type { Props as CommentFormProps } from './comment-form';
import type { CommentEditorProps } from './comment-editor';
import type { DeleteQuestionProps } from './delete-question';
import type { LiveUpdatesProps } from './live-updates';
import type { renderWidget } from './render-widget';

/**
 * What a reader needs only once they interact — the expanded form (posting,
 * guest details, sign-in), the editor of their own comment and the question before deleting it, the messages of
 * what can go wrong on the way and the CSS of it all. The script-tag
 * bundle loads them as `natter.interaction.js` on first focus or click, or when
 * the browser is idle; the npm build imports them as a chunk of their own.
 */
export interface InteractionParts {
  CommentForm: ComponentType<CommentFormProps>;
  CommentEditor: ComponentType<CommentEditorProps>;
  DeleteQuestion: ComponentType<DeleteQuestionProps>;
  /** The live event subscription, which starts once the parts are loaded. */
  LiveUpdates: ComponentType<LiveUpdatesProps>;
  /** The message for an error met by something the reader did (every code; first paint knows only reading's). */
  errorMessage(t: Translator, error: unknown): string;
  /** The CSS of the expanded form, the editor and sign-in, which the mount adds to its shadow root. */
  css: string;
  /**
   * The whole widget rendered with preact, over what the script-tag bundle
   * painted without it (see `paint/preact.ts`); only `natter.interaction.js` has
   * it: where the parts share the page's preact, the widget is live already.
   */
  renderWidget?: typeof renderWidget;
}

/** Loads the {@link InteractionParts} (once; later calls share the first load). */
export type InteractionLoader = () => Promise<InteractionParts>;
