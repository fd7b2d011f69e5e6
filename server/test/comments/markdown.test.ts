import { describe, expect, it } from 'vitest';
import { MAX_NESTING, renderMarkdown, renderPlainText } from '../../src/comments/markdown';

const ALLOWED_TAGS = new Set(['p', 'br', 'strong', 'em', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a']);
const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * Every `<` in the output starts a tag the renderer wrote (text is escaped), so
 * scanning tags is a faithful check of the markup. Fails on anything the
 * widget's allowlist would have to drop.
 */
function expectOnlyAllowlisted(html: string): void {
  const tag = /<(\/?)([^\s>/]*)([^>]*)>/g;
  let match: RegExpExecArray | null;
  let tags = 0;
  while ((match = tag.exec(html)) !== null) {
    tags++;
    const [, closing, name = '', rest = ''] = match;
    expect(ALLOWED_TAGS, `element <${name}> in ${html}`).toContain(name);
    if (closing === '/' || name !== 'a') {
      expect(rest.trim(), `attributes on <${closing}${name}> in ${html}`).toBe('');
      continue;
    }
    const attr = /^\s+href="([^"<>]*)"$/.exec(rest);
    expect(attr, `link attributes ${rest} in ${html}`).not.toBeNull();
    const href = (attr?.[1] ?? '').replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
    expect(ALLOWED_PROTOCOLS, `href ${href}`).toContain(new URL(href).protocol);
  }
  // Nothing that looks like markup outside the tags counted above.
  expect(html.split('<').length - 1).toBe(tags);
}

const SCRIPT_PROTOCOLS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'javascript:alert(document.cookie)//',
  'vbscript:msgbox(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'data:image/svg+xml,<svg onload=alert(1)>',
  'file:///etc/passwd',
  '&#106;avascript:alert(1)',
  '&#x6A;avascript:alert(1)',
  '&#0000106;avascript:alert(1)',
  'javascript&colon;alert(1)',
  'javascript&#58;alert(1)',
  'javascript&#x3a;alert(1)',
  '&Tab;javascript:alert(1)',
  'java&Tab;script:alert(1)',
  'java&NewLine;script:alert(1)',
  'java%09script:alert(1)',
  'javascript%3Aalert(1)',
  'jav\u0000ascript:alert(1)',
  '\u0001javascript:alert(1)',
  'javascript\\:alert(1)',
  '<javascript:alert(1)>',
  '< javascript:alert(1)>',
  '<java script:alert(1)>',
  '//evil.example/x',
  '/\\evil.example',
  'relative/path',
  '#fragment',
  'ftp://example.com/file',
  'intent://x#Intent;end',
];

describe('renderMarkdown', () => {
  it('renders CommonMark emphasis, code, quotes and lists', () => {
    expect(renderMarkdown('**bold** _em_ `x < y`')).toBe('<p><strong>bold</strong> <em>em</em> <code>x &#60; y</code></p>');
    expect(renderMarkdown('> quoted\n\n- one\n- two\n\n3. three')).toBe(
      '<blockquote>\n<p>quoted</p>\n</blockquote>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<ol>\n<li>three</li>\n</ol>',
    );
    expect(renderMarkdown('```js\nlet a = "<b>";\n```')).toBe('<pre><code>let a = &#34;&#60;b&#62;&#34;;\n</code></pre>');
    expect(renderMarkdown('line one  \nline two')).toBe('<p>line one<br>\nline two</p>');
  });

  it('keeps http, https and mailto links with only an href', () => {
    expect(renderMarkdown('[site](https://example.com/a?b=1&c=2 "Title")')).toBe(
      '<p><a href="https://example.com/a?b=1&#38;c=2">site</a></p>',
    );
    expect(renderMarkdown('<http://example.com>')).toBe('<p><a href="http://example.com/">http://example.com</a></p>');
    expect(renderMarkdown('<ada@example.com>')).toBe('<p><a href="mailto:ada@example.com">ada@example.com</a></p>');
    expect(renderMarkdown('[ref]\n\n[ref]: https://example.com/r')).toBe('<p><a href="https://example.com/r">ref</a></p>');
  });

  it('turns headings into strong paragraphs', () => {
    expect(renderMarkdown('# Big *news*')).toBe('<p><strong>Big <em>news</em></strong></p>');
    expect(renderMarkdown('Setext\n---')).toBe('<p><strong>Setext</strong></p>');
  });

  it('turns images into links to the image, and into their alt text inside links', () => {
    expect(renderMarkdown('![a cat](https://img.example/cat.png "t")')).toBe(
      '<p><a href="https://img.example/cat.png">a cat</a></p>',
    );
    expect(renderMarkdown('![](https://img.example/cat.png)')).toBe(
      '<p><a href="https://img.example/cat.png">https://img.example/cat.png</a></p>',
    );
    expect(renderMarkdown('[![a cat](https://img.example/cat.png)](https://example.com/)')).toBe(
      '<p><a href="https://example.com/">a cat</a></p>',
    );
    // The parser refuses a script URL as a destination: the source stays text.
    expect(renderMarkdown('![x](javascript:alert(1))')).toBe('<p>![x](javascript:alert(1))</p>');
  });

  it('drops thematic breaks, list start numbers and code language classes', () => {
    const html = renderMarkdown('a\n\n***\n\n7. seven\n\n```evil" onclick="x\ncode\n```');
    expect(html).toBe('<p>a</p>\n<ol>\n<li>seven</li>\n</ol>\n<pre><code>code\n</code></pre>');
  });

  it('shows raw HTML as text, inline and in blocks', () => {
    expect(renderMarkdown('<script>alert(1)</script>')).toBe('<p>&#60;script&#62;alert(1)&#60;/script&#62;</p>');
    expect(renderMarkdown('hi <img src=x onerror=alert(1)> there')).toBe(
      '<p>hi &#60;img src=x onerror=alert(1)&#62; there</p>',
    );
    const vectors = [
      '<div onclick="alert(1)">\n\n*x*\n\n</div>',
      '<iframe src="https://evil.example"></iframe>',
      '<svg><script>alert(1)</script></svg>',
      '<style>* { display: none }</style>',
      '<!-- comment --><a href="javascript:alert(1)">x</a>',
      '<![CDATA[<script>alert(1)</script>]]>',
      '<details open ontoggle=alert(1)>',
      '<a href="https://ok.example" onmouseover="alert(1)">x</a>',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
      '<form><button formaction=javascript:alert(1)>x</button></form>',
      '<base href="https://evil.example/">',
      '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
      '<p style="position:fixed;inset:0">x</p>',
      '<object data="javascript:alert(1)"></object>',
      '<?php echo 1 ?>',
      '<!DOCTYPE html>',
    ];
    for (const vector of vectors) {
      const html = renderMarkdown(vector);
      expectOnlyAllowlisted(html);
      expect(html).not.toMatch(/<(?!\/?(p|a|em|strong|code|pre|br|ul|ol|li|blockquote)[\s>])/);
    }
  });

  it('never links to a script, data or relative URL in any Markdown form', () => {
    for (const url of SCRIPT_PROTOCOLS) {
      const forms = [
        `[click](${url})`,
        `[click](<${url}>)`,
        `[click](${url} "title")`,
        `[click][r]\n\n[r]: ${url}`,
        `[r]\n\n[r]: ${url}`,
        `[click][]\n\n[click]: <${url}>`,
        `![img](${url})`,
        `![img][r]\n\n[r]: ${url}`,
        `[![img](${url})](${url})`,
        `<${url}>`,
        url,
        `> [quoted](${url})`,
        `- [listed](${url})`,
        `# [heading](${url})`,
        `**[bold](${url})**`,
      ];
      for (const markdown of forms) {
        const html = renderMarkdown(markdown);
        expectOnlyAllowlisted(html);
        expect(html.toLowerCase()).not.toMatch(/href="[^"]*(javascript|vbscript|data|file|ftp|intent):/);
      }
    }
  });

  it('keeps link text and titles from breaking out of the attribute', () => {
    const vectors = [
      '[x](https://a.example/"onmouseover="alert(1))',
      '[x](https://a.example/ "t\\" onmouseover=\\"alert(1)")',
      '[x](<https://a.example/"><script>alert(1)</script>>)',
      '["><img src=x onerror=alert(1)>](https://a.example/)',
      '[x](https://a.example/\'onmouseover=\'alert(1))',
      '<https://a.example/"onmouseover="alert(1)>',
      '<a@b.c"onmouseover="alert(1)>',
      '[x](https://a.example/&quot;onmouseover=&quot;alert(1))',
    ];
    for (const vector of vectors) expectOnlyAllowlisted(renderMarkdown(vector));
  });

  it('escapes entities that spell markup', () => {
    const html = renderMarkdown('&lt;script&gt;alert(1)&lt;/script&gt; &#60;b&#62; &#x3C;i&#x3E;');
    expectOnlyAllowlisted(html);
    expect(html).toBe('<p>&#60;script&#62;alert(1)&#60;/script&#62; &#60;b&#62; &#60;i&#62;</p>');
  });

  it('renders bodies nested deeper than the limit as plain text, whole', () => {
    const deep = `${'>'.repeat(MAX_NESTING + 5)} the end`;
    const html = renderMarkdown(deep);
    expect(html).toBe(`<p>${'&#62;'.repeat(MAX_NESTING + 5)} the end</p>`);
    expectOnlyAllowlisted(html);
  });

  it('renders nesting within the limit as Markdown', () => {
    expect(renderMarkdown('> > > three deep')).toBe(
      '<blockquote>\n<blockquote>\n<blockquote>\n<p>three deep</p>\n</blockquote>\n</blockquote>\n</blockquote>',
    );
  });
});

describe('renderPlainText', () => {
  it('escapes text into paragraphs and line breaks', () => {
    expect(renderPlainText('a <b>\nc\r\n\r\n\nd')).toBe('<p>a &#60;b&#62;<br>\nc</p>\n<p>d</p>');
  });
});

describe('renderMarkdown on pathological input', () => {
  const N = 10_000;
  const inputs: Record<string, string> = {
    'nested block quotes': `${'>'.repeat(N)} x`,
    'nested block quotes with spaces': `${'> '.repeat(N / 2)}x`,
    'nested block quotes on lines': Array.from({ length: 140 }, (_, i) => `${'>'.repeat(i)} a`).join(''),
    'nested bullet lists on one line': `${'- '.repeat(N / 2)}x`,
    'nested ordered lists on one line': `${'1. '.repeat(N / 3)}x`,
    'indented nested lists': Array.from({ length: 95 }, (_, i) => `${' '.repeat(i * 2)}- a`).join(''),
    'mixed containers': `${'> - 1. '.repeat(N / 7)}x`,
    'a run of asterisks': '*'.repeat(N),
    'a run of underscores': '_'.repeat(N),
    'alternating emphasis': '*a'.repeat(N / 2),
    'alternating emphasis kinds': '*_'.repeat(N / 2),
    'strong openers': '**a'.repeat(N / 3),
    'emphasis around one letter': `${'*'.repeat(N / 2)}a${'*'.repeat(N / 2)}`,
    'open brackets': '['.repeat(N),
    'close brackets': ']'.repeat(N),
    'unclosed links': '[a]('.repeat(N / 4),
    'empty link openers': '[]('.repeat(N / 3),
    'nested link labels': `${'[a'.repeat(N / 4)}${'](b)'.repeat(N / 4)}`,
    'image openers': '!['.repeat(N / 2),
    'a run of backticks': '`'.repeat(N),
    'mismatched code spans': '`a``'.repeat(N / 4),
    'angle brackets': '<'.repeat(N),
    'unclosed autolinks': '<a:'.repeat(N / 3),
    'entity starts': '&#'.repeat(N / 2),
    'backslashes': '\\'.repeat(N),
    'many reference definitions': Array.from({ length: 400 }, (_, i) => `[r${i}]: https://e.example/${i}`).join(''),
    'many short lines': 'a\n'.repeat(N / 2),
    'NUL characters': '\u0000'.repeat(N),
  };

  for (const [name, input] of Object.entries(inputs)) {
    it(`renders ${name} (${input.length} characters) to allowlisted HTML`, () => {
      const html = renderMarkdown(input);
      expect(typeof html).toBe('string');
      expectOnlyAllowlisted(html);
    });
  }
});
