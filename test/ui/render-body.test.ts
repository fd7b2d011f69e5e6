// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { LINK_REL, MAX_DEPTH, MAX_NODES, renderBody, safeHref } from '../../src/ui/render-body';

function rendered(body: string): HTMLElement {
  const container = document.createElement('div');
  render(renderBody(body), container);
  return container;
}

describe('renderBody', () => {
  it('cuts a run of stacked combining marks to four, which stays inside its line', () => {
    const tall = `Zalgo o${'\u0301'.repeat(40)}!`;
    expect(rendered(`<p>${tall}</p>`).textContent).toBe(`Zalgo o${'\u0301'.repeat(4)}!`);
  });

  it('keeps the allowlisted elements and their text', () => {
    const html =
      '<p>One <strong>two</strong> <b>b</b> <em>three</em> <i>i</i> <code>x()</code><br>next</p>' +
      '<pre><code>let a = 1;\n  a++;</code></pre><blockquote><p>quoted</p></blockquote>' +
      '<ul><li>a</li></ul><ol><li>b</li></ol>';
    expect(rendered(html).innerHTML).toBe(html);
  });

  it('renders an empty body as nothing', () => {
    expect(rendered('').innerHTML).toBe('');
  });

  it('turns text into text, never markup', () => {
    const container = rendered('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends</p>');
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toBe('<script>alert(1)</script> & friends');
  });

  it('drops every attribute of allowlisted elements', () => {
    const container = rendered('<p class="x" style="color:red" onclick="alert(1)" id="a" title="t">hi</p>');
    expect(container.innerHTML).toBe('<p>hi</p>');
  });

  it('unwraps harmless containers and keeps their text', () => {
    const container = rendered('<div><span style="x">a</span> <font color="red">b</font> <u>c</u></div>');
    expect(container.innerHTML).toBe('a b c');
  });

  it('drops scripts, styles, templates and embedded documents with their content', () => {
    const container = rendered(
      'a<script>alert(1)</script><style>p{}</style><template><p>t</p></template>' +
        '<iframe srcdoc="x">f</iframe><object>o</object><svg><text>s</text></svg>' +
        '<math><mi>m</mi></math><noscript>n</noscript><textarea>ta</textarea><title>ti</title>b',
    );
    expect(container.innerHTML).toBe('ab');
  });

  it('keeps an absolute https link with a normalised href and the ugc rel', () => {
    const a = rendered('<a href="HTTPS://Example.com/a b" target="_top" onclick="x">site</a>').querySelector('a');
    expect(a?.getAttribute('href')).toBe('https://example.com/a%20b');
    expect(a?.getAttribute('rel')).toBe(LINK_REL);
    expect(a?.getAttributeNames().sort()).toEqual(['href', 'rel']);
    expect(a?.textContent).toBe('site');
  });

  it('keeps mailto and http links', () => {
    const links = [...rendered('<a href="mailto:a@b.c">m</a><a href="http://x.test/">h</a>').querySelectorAll('a')];
    expect(links.map((a) => a.protocol)).toEqual(['mailto:', 'http:']);
  });

  it('turns links with other or relative URLs into their text', () => {
    const container = rendered(
      '<a href="javascript:alert(1)">j</a><a href="java&#x09;script:alert(1)">t</a>' +
        '<a href=" &#1;javascript:alert(1)">c</a><a href="data:text/html,x">d</a>' +
        '<a href="/relative">r</a><a href="//evil.test/">p</a><a>n</a>',
    );
    expect(container.querySelector('a')).toBeNull();
    expect(container.textContent).toBe('jtcdrpn');
  });

  it('never nests a link inside a link', () => {
    const p = document.createElement('p');
    const outer = document.createElement('a');
    outer.href = 'https://a.test/';
    const inner = document.createElement('a');
    inner.href = 'https://b.test/';
    inner.textContent = 'inner';
    outer.append('outer ', inner);
    p.append(outer);
    const container = rendered(p.outerHTML.replace('<p>', '<div>').replace('</p>', '</div>'));
    // The parser already splits nested anchors; build the nesting through a table to force it.
    const forced = rendered('<a href="https://a.test/">x<table><tr><td><a href="https://b.test/">y</a></td></tr></table></a>');
    for (const c of [container, forced]) {
      for (const a of c.querySelectorAll('a')) expect(a.querySelector('a')).toBeNull();
    }
  });

  it('flattens markup nested beyond the depth limit into text', () => {
    const depth = MAX_DEPTH + 30;
    const body = '<blockquote>'.repeat(depth) + 'deep <em>text</em>' + '</blockquote>'.repeat(depth);
    const container = rendered(body);
    expect(container.querySelectorAll('blockquote').length).toBeLessThanOrEqual(MAX_DEPTH);
    expect(container.querySelector('em')).toBeNull();
    expect(container.textContent).toBe('deep text');
  });

  it('flattens a thousand nested unwrapped elements without recursing into them', () => {
    const depth = 1_000;
    const body = '<span>'.repeat(depth) + 'bottom' + '</span>'.repeat(depth);
    expect(rendered(body).textContent).toBe('bottom');
  });

  it('renders nothing when the parser itself gives up', () => {
    const parse = vi.spyOn(Element.prototype, 'innerHTML', 'set').mockImplementation(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    try {
      expect(rendered('<p>x</p>').innerHTML).toBe('');
      expect(parse).toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('rebuilds at most the node cap', () => {
    const body = '<p>x</p>'.repeat(MAX_NODES);
    const count = rendered(body).querySelectorAll('p').length;
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(MAX_NODES);
  });

  it('walks a form that clobbers its own DOM properties', () => {
    const container = rendered(
      '<form><input name="firstChild"><input name="nextSibling"><input name="nodeType">' +
        '<input name="localName"><p>inside</p></form><p>after</p>',
    );
    expect(container.innerHTML).toBe('<p>inside</p><p>after</p>');
  });
});

describe('safeHref', () => {
  it('accepts absolute http, https and mailto URLs only', () => {
    expect(safeHref('https://a.test')).toBe('https://a.test/');
    expect(safeHref('mailto:x@y.z')).toBe('mailto:x@y.z');
    expect(safeHref('ftp://a.test/')).toBeNull();
    expect(safeHref('JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeHref('\u0000javascript:alert(1)')).toBeNull();
    expect(safeHref('relative/path')).toBeNull();
    expect(safeHref(null)).toBeNull();
  });
});
