import { configure, render } from '@testing-library/preact';
import { h } from 'preact';
import type { Backend } from '../../src/backend/backend';
import { createTranslator, type Translator } from '../../src/i18n/translator';
import { App } from '../../src/ui/app';
import type { WidgetOptions } from '../../src/ui/context';

// The machine is shared: give first renders (cold module graph) room before findBy* gives up.
configure({ asyncUtilTimeout: 5000 });

/** Renders the widget's root component with test defaults. */
export function renderApp(backend: Backend, options: Partial<WidgetOptions> = {}, t: Translator = createTranslator('en')) {
  const widgetOptions: WidgetOptions = {
    maxDepth: 3, sort: 'oldest', pageSize: 50, pageTitle: 'Small is beautiful?', pageUrl: 'https://blog.example/post', ...options,
  };
  return render(h(App, { backend, t, pageId: '/post', options: widgetOptions, loadInteraction: () => import('../../src/ui/interaction-parts') }));
}
