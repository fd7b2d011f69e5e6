// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FirstRender } from '../../src/backend/backend';
import { createTranslator } from '../../src/i18n/translator';
import type { AppProps } from '../../src/ui/app';
import { createContext, h, render } from '../../src/ui/paint/preact';
import { useContext } from '../../src/ui/paint/hooks';
import { fakeBackend, makeComment, testConfig } from './fake-backend';

/*
 * The script-tag bundle paints its first render with the widget's own
 * components and `src/ui/paint/` standing in for preact; preact then renders
 * the same tree over the painting. These tests build the widget both ways.
 */

/** `renderWidget` with its components bound to the painter (`paint`) or to preact. */
async function renderWidgetWith(renderer: 'paint' | 'preact') {
  vi.resetModules();
  if (renderer === 'paint') {
    vi.doMock('preact', () => import('../../src/ui/paint/preact'));
    vi.doMock('preact/hooks', () => import('../../src/ui/paint/hooks'));
  } else {
    vi.doUnmock('preact');
    vi.doUnmock('preact/hooks');
  }
  return (await import('../../src/ui/render-widget')).renderWidget;
}

afterEach(() => {
  vi.doUnmock('preact');
  vi.doUnmock('preact/hooks');
  document.body.replaceChildren();
  location.hash = '';
});

/** A first read of `count` threads, a reply to the first, likes, and a held comment of the reader's own. */
function firstRead(count: number): FirstRender {
  const comments = Array.from({ length: count }, (_, i) => makeComment(`c${i}`, {
    author: { name: `Reader ${i}`, ...(i % 3 === 0 ? { url: 'https://reader.example/', avatarUrl: 'https://avatars.example/r.png' } : {}) },
    bodyHtml: `<p>Thread ${i}, <em>said</em> with <a href="https://example.com/">a link</a>.</p><script>alert(1)</script>`,
  }));
  comments.push(makeComment('r0', { parentId: 'c0', author: { name: 'Replier' } }));
  comments.push(makeComment('mine', { status: 'pending', mine: true, editableUntil: new Date(Date.now() + 600_000).toISOString(), editedAt: new Date().toISOString() }));
  return {
    config: testConfig(),
    page: { comments, nextCursor: 'next', total: count + 1 },
    likes: { count: 3, liked: false, likers: [{ name: 'Ann Liker' }, { name: 'Bo', avatarUrl: 'https://avatars.example/b.png' }] },
  };
}

function props(early: FirstRender | undefined): AppProps {
  return {
    backend: fakeBackend(early?.page.comments ?? [], {
      getLikes: () => new Promise(() => {}),
      setLike: () => new Promise(() => {}),
    }),
    t: createTranslator('en'),
    pageId: '/post',
    options: { maxDepth: 3, sort: 'oldest', pageSize: 50, pageTitle: 'Small is beautiful?', pageUrl: 'https://blog.example/post' },
    loadInteraction: () => new Promise(() => {}),
    early,
  };
}

/** A fresh container in the document. */
function container(): HTMLElement {
  const div = document.createElement('div');
  document.body.append(div);
  return div;
}

describe('the painted first render', () => {
  it('is the markup preact renders for the same thread, likes, form and loading state', async () => {
    const paint = await renderWidgetWith('paint');
    const painted = container();
    const read = firstRead(12);
    expect(paint(painted, props(read), 'Something went wrong.')).toBe(true);
    const paintedLoading = container();
    paint(paintedLoading, props(undefined), 'Something went wrong.');

    const live = await renderWidgetWith('preact');
    const rendered = container();
    live(rendered, props(read), 'Something went wrong.');
    const renderedLoading = container();
    live(renderedLoading, props(undefined), 'Something went wrong.');

    expect(painted.querySelectorAll('article')).toHaveLength(8); // the first slice: the rest follow once preact runs
    expect(painted.querySelector('.likes-count')?.textContent).toBe('3 bloggers like this:');
    expect(painted.querySelector('script')).toBeNull();
    expect(painted.innerHTML).toBe(rendered.innerHTML);
    expect(paintedLoading.textContent).toContain('Loading comments…');
    expect(paintedLoading.innerHTML).toBe(renderedLoading.innerHTML);
  });

  it('is taken over by preact in place: the same nodes, now with their handlers', async () => {
    const paint = await renderWidgetWith('paint');
    const widget = container();
    const read = firstRead(3);
    paint(widget, props(read));
    const textarea = widget.querySelector('textarea');
    const reply = widget.querySelector<HTMLButtonElement>('button.reply');
    const markup = widget.innerHTML;
    textarea?.focus();

    const live = await renderWidgetWith('preact');
    const loads: string[] = [];
    live(widget, { ...props(read), loadInteraction: () => { loads.push('parts'); return new Promise(() => {}); } });
    expect(widget.querySelector('textarea')).toBe(textarea);
    expect(widget.querySelector('button.reply')).toBe(reply);
    expect(document.activeElement).toBe(textarea);
    expect(widget.innerHTML).toBe(markup);
    reply?.click();
    expect(loads).toContain('parts');
  });

  it('follows a permalink the way preact does: the comment marked as the target', async () => {
    location.hash = '#comment-c1';
    const paint = await renderWidgetWith('paint');
    const widget = container();
    paint(widget, props(firstRead(3)));
    expect(widget.querySelector('#comment-c1')?.className).toBe('comment target');
  });
});

describe('the painter', () => {
  it('writes attributes as preact does and never an event handler', () => {
    const widget = container();
    render(h('div', null,
      h('button', { type: 'button', disabled: false, hidden: true, 'aria-pressed': false, 'data-x': false, onClick: () => {}, onclick: 'alert(1)', onmouseover: 'alert(2)' }, 'Like'),
      h('span', { class: 'avatar', style: { width: '40px', '--n': 3 }, role: undefined, 'aria-hidden': 'true' }, 'AB', 0, null, false),
      h('select', { value: 'newest' }, h('option', { value: 'oldest' }, 'Oldest'), h('option', { value: 'newest' }, 'Newest')),
    ), widget);
    const button = widget.querySelector('button');
    expect(button?.outerHTML).toBe('<button type="button" hidden="" aria-pressed="false" data-x="false">Like</button>');
    expect(widget.querySelector('span')?.getAttribute('style')).toBe('width: 40px; --n: 3;');
    expect(widget.querySelector('span')?.textContent).toBe('AB0');
    expect(widget.querySelector('select')?.value).toBe('newest');
  });

  it('gives each provider’s subtree its value, and the one outside it back', () => {
    const Name = createContext('outside');
    const Show = () => h('i', null, useContext(Name));
    const widget = container();
    render(h('p', null, h(Name.Provider, { value: 'a' }, h(Show, null), h(Name.Provider, { value: 'b' }, h(Show, null)), h(Show, null)), h(Show, null)), widget);
    expect([...widget.querySelectorAll('i')].map((i) => i.textContent)).toEqual(['a', 'b', 'a', 'outside']);
  });

  it('replaces what the container held, and empties it for null', () => {
    const widget = container();
    widget.append('old');
    render(h('b', null, 'new'), widget);
    expect(widget.innerHTML).toBe('<b>new</b>');
    render(null, widget);
    expect(widget.innerHTML).toBe('');
  });
});
