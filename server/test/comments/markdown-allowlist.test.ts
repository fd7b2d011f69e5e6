// @vitest-environment jsdom
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/comments/markdown';
import { renderBody } from 'natter/render';

/**
 * The server's Markdown output should pass the widget's allowlist rebuild
 * unchanged: whatever renderMarkdown writes, renderBody keeps (it only adds
 * `rel` to links). A difference means the server wrote something the widget
 * has to throw away.
 */
function parsed(html: string): string {
  return new DOMParser().parseFromString(html, 'text/html').body.innerHTML;
}

function rebuilt(html: string): string {
  const box = document.createElement('div');
  render(h('div', null, renderBody(html)), box);
  return (box.firstElementChild?.innerHTML ?? '').replace(/ rel="nofollow ugc noopener noreferrer"/g, '');
}

const SOURCES = [
  '**bold** _em_ `code` and ***both***',
  '# Heading with [a link](https://example.com/a?b=1&c=2 "title")',
  '> quoted\n> > twice\n\n- one\n- two\n  1. nested\n  2. list\n\n7. seven\n8. eight',
  '```js\nconst a = "<b>" && 1;\n```\n\n    indented code',
  'line one  \nline two\\\nline three',
  '![a cat](https://img.example/cat.png) and [![inner](https://img.example/i.png)](https://example.com/)',
  '<https://example.com/auto> <ada@example.com> [mail](mailto:ada@example.com)',
  '[ref] and [other][r]\n\n[ref]: https://example.com/ref\n[r]: https://example.com/r',
  '***\n\n---\n\n___',
  '<script>alert(1)</script>\n\n<div onclick="x">*raw*</div> <img src=x onerror=alert(1)>',
  '[x](javascript:alert(1)) [y](jav&#x61;script:alert(1)) <javascript:alert(1)> [z](/relative) [w](//evil.example)',
  '&lt;b&gt; &amp; &quot; &#60;i&#62; &copy; &#0;',
  'Unicode: café, 日本語, emoji 🎉, RTL שלום, zero\u200bwidth',
  `${'>'.repeat(30)} too deep`,
  '*a'.repeat(200),
  '['.repeat(200),
];

describe('renderMarkdown output through the widget allowlist', () => {
  for (const source of SOURCES) {
    it(`is kept whole by renderBody: ${JSON.stringify(source.slice(0, 50))}`, () => {
      const html = renderMarkdown(source);
      expect(rebuilt(html)).toBe(parsed(html));
    });
  }
});
