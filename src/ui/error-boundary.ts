import { Component, type ComponentChildren } from 'preact';
import { html } from './html';

/** Props of {@link ErrorBoundary}. */
export interface ErrorBoundaryProps {
  /** The translated message shown instead of the broken tree. */
  message: string;
  /** Changing it (the handle's `refresh()`) tries the children again. */
  attempt: number;
  children?: ComponentChildren;
}

/**
 * Catches a rendering failure (a backend answering nonsense, a bug) so that it
 * stays inside the widget: the reader sees a message, the host page no exception.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, { failedAt: number | null }> {
  override state = { failedAt: null };

  override componentDidCatch(error: unknown) {
    this.setState({ failedAt: this.props.attempt });
    console.error('natter:', error);
  }

  override render() {
    return this.state.failedAt === this.props.attempt
      ? html`<div class="natter"><p class="error" role="alert">${this.props.message}</p></div>`
      : this.props.children;
  }
}
