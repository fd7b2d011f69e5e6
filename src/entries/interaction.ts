import { HttpBackendCore } from '../backend/http/http-core';
import { INTERACTION_EXPORT, type InteractionChunk } from '../embed/interaction-chunk';
import { loadSignInScript } from '../identity/sign-in-script';
import { actionErrorMessage } from '../ui/action-error-message';
import { CommentEditor } from '../ui/comment-editor';
import { CommentForm } from '../ui/comment-form';
import { DeleteQuestion } from '../ui/delete-question';
import { LiveUpdates } from '../ui/live-updates';
import { renderWidget } from '../ui/render-widget';
import css from '../styles/interaction.css?inline';
import { hostDocument } from '../host-document';

/*
 * `natter.interaction.js`: what a reader needs only once they interact — preact,
 * which takes over the widget the script-tag bundle painted without it, the
 * expanded form, posting, editing, likes and sign-in through the full http
 * backend (ky). The script-tag bundle adds it as a classic script on first
 * focus or click, or when the browser is idle, handing it the Trusted Types
 * policy on the element (`natterCore`, see vite.config.ts); it leaves
 * {@link InteractionChunk} on its own element: no global.
 */

const script = hostDocument('currentScript');
const loadSignIn = loadSignInScript((script instanceof HTMLScriptElement && script.src) || location.href);
const chunk: InteractionChunk = {
  parts: { CommentForm, CommentEditor, DeleteQuestion, LiveUpdates, errorMessage: actionErrorMessage, css, renderWidget },
  httpBackend: (baseUrl) => new HttpBackendCore({ baseUrl, loadSignIn }),
};
if (script) Reflect.set(script, INTERACTION_EXPORT, chunk);
