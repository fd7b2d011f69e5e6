import { h, render } from 'preact';
import { App, type AppProps } from './app';
import { ErrorBoundary } from './error-boundary';

/**
 * Renders one widget into `container` (`null` takes it out): the {@link App}
 * inside an {@link ErrorBoundary} showing `message`. In the script-tag bundle
 * this paints (see `./paint/preact.ts`) and returns `true`; the interaction
 * chunk's copy, built with preact, renders the same tree over the painting.
 */
export function renderWidget(container: HTMLElement, props: AppProps | null, message = ''): unknown {
  return render(props && h(ErrorBoundary, { attempt: props.reload ?? 0, message }, h(App, props)), container);
}
