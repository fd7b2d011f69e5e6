// @vitest-environment jsdom
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { h, isValidElement, render, type ComponentChildren } from 'preact';
import { parseSync } from 'vite';
import { describe, expect, it } from 'vitest';
import { compileHtmModule, compileTemplate } from '../../scripts/vite-plugin-htm';
import { html } from '../../src/ui/html';

const root = resolve(import.meta.dirname, '../..');
const HTML_MODULE = join(root, 'src/ui/html.ts');

/** A template tag: htm at run time, or the compiled code the build emits. */
type Tag = (strings: TemplateStringsArray, ...values: unknown[]) => ComponentChildren;

/** Compiles the template with the plugin's code generator, then runs that code with the same values. */
const compiled: Tag = (strings, ...values) => {
  const code = compileTemplate(strings, values.map((_, i) => `v[${i}]`), 'h');
  return new Function('h', 'v', `return ${code};`)(h, values);
};

/** What preact builds from a view, without its per-vnode internals: type, key, ref, props in order. */
function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (!isValidElement(node)) return node;
  const props: Record<string, unknown> = node.props;
  return {
    type: node.type,
    key: node.key,
    ref: node.ref,
    keys: Object.keys(props),
    props: Object.fromEntries(Object.entries(props).map(([name, value]) => [name, shape(value)])),
  };
}

/** The HTML preact renders for a view into a fresh element. */
function rendered(view: ComponentChildren): string {
  const container = document.createElement('div');
  render(view, container);
  const out = container.innerHTML;
  render(null, container);
  return out;
}

/** A component that shows its props, so a wrong prop shows in the DOM. */
function Box({ label, n, children }: { label?: string; n?: number; children?: ComponentChildren }) {
  return h('section', { 'data-label': label, 'data-n': n }, children);
}

const click = () => {};
const ref = { current: null };
const obj = { a: 'from-spread', b: 'spread-b', title: 'spread title' };
const other = { b: 'second-spread', c: 3 };

interface Case {
  name: string;
  view: (t: Tag) => ComponentChildren;
  /** The HTML both must render, where spelling it out pins htm's behaviour down. */
  expected?: string;
}

/** Templates covering every construct htm accepts. */
const CONSTRUCTS: Case[] = [
  { name: 'a static element with text', view: (t) => t`<p class="a">Hello</p>`, expected: '<p class="a">Hello</p>' },
  { name: 'nested and self-closing elements', view: (t) => t`<div><br/><img src="x.png" alt="" /><span>t</span></div>` },
  { name: 'props with expression values', view: (t) => t`<a href=${'https://example.org/'} title=${'T'} data-n=${3} tabindex=${-1}>x</a>` },
  { name: 'boolean attributes', view: (t) => t`<input type="checkbox" disabled required checked /><button disabled>b</button>` },
  {
    name: 'static and dynamic parts of one attribute concatenated',
    view: (t) => t`<div class="a ${'b'} c" id=${1}${2} title="${4}" data-x="${'p'}-${'q'}" data-y=${5}px data-z="x${null}y"></div>`,
    expected: '<div class="a b c" id="12" title="4" data-x="p-q" data-y="5px" data-z="xnully"></div>',
  },
  { name: 'an empty attribute value', view: (t) => t`<input value="" placeholder='' />` },
  { name: 'a spread on its own', view: (t) => t`<div ...${obj} />`, expected: '<div a="from-spread" b="spread-b" title="spread title"></div>' },
  {
    name: 'a spread between named props, later ones winning',
    view: (t) => t`<div a="1" ...${obj} b="2" />`,
    expected: '<div a="from-spread" b="2" title="spread title"></div>',
  },
  { name: 'a prop set before and after a spread', view: (t) => t`<div a="1" ...${obj} a="3" />`, expected: '<div a="3" b="spread-b" title="spread title"></div>' },
  { name: 'two spreads in a row and a null spread', view: (t) => t`<div ...${obj} ...${other} ...${null} c="4" />` },
  { name: 'a component with props and children', view: (t) => t`<${Box} label="box" n=${2}><b>in</b> box<//>`, expected: '<section data-label="box" data-n="2"><b>in</b> box</section>' },
  { name: 'a self-closing component and a component closed by name', view: (t) => t`<div><${Box} label="a" /><${Box} label="b">b</${Box}></div>` },
  { name: 'a spread into a component', view: (t) => t`<${Box} ...${{ label: 'spread', n: 7 }} />` },
  {
    name: 'children that are strings, numbers, empty values and arrays',
    view: (t) => t`<p>${'s'}${0}${null}${false}${undefined}${true}${['x', 1, null]}${[]}</p>`,
    expected: '<p>s0x1</p>',
  },
  {
    name: 'templates nested in a mapped array',
    view: (t) => t`<ul>${['a', 'b'].map((item, i) => t`<li key=${i} class=${`item-${item}`}>${item}</li>`)}</ul>`,
    expected: '<ul><li class="item-a">a</li><li class="item-b">b</li></ul>',
  },
  { name: 'several roots, returned as an array', view: (t) => t`<li>a</li><li>b</li>text`, expected: '<li>a</li><li>b</li>text' },
  { name: 'a text root', view: (t) => t`just text`, expected: 'just text' },
  { name: 'an expression root', view: (t) => t`${'only'}`, expected: 'only' },
  { name: 'an empty template', view: (t) => t``, expected: '' },
  {
    name: 'whitespace with newlines trimmed, on one line kept',
    view: (t) => t`
      <p>
        Hello
        ${'name'}
        world  <b>a</b> <i>b</i>
        <em> spaced </em>
      </p>
    `,
    expected: '<p>Hellonameworld  <b>a</b> <i>b</i><em> spaced </em></p>',
  },
  { name: 'comments, with expressions inside them', view: (t) => t`<p>a<!-- a comment ${'hidden'} -->b</p>`, expected: '<p>ab</p>' },
  { name: 'quoted values holding > = / and the other quote', view: (t) => t`<p title="a > b = c / d" data-q='say "hi"' data-s="it's">q</p>` },
  { name: 'escapes and entities left as text', view: (t) => t`<p title="&amp;">&amp; “quoted” \`tick\` \u00e9 \${not}</p>` },
  { name: 'handlers, style objects, refs and keys', view: (t) => t`<button key="k" ref=${ref} onClick=${click} style=${{ color: 'red' }}>go</button>` },
  { name: 'an attribute without quotes', view: (t) => t`<input type=text name=q />` },
  { name: 'multi-line attributes', view: (t) => t`<input
      type="text"
      name=${'n'}
      disabled
    />` },
];

const author = { name: 'Ann Example', website: 'https://ann.example/' };
const t = { t: (key: string, ...args: unknown[]) => `${key}${args.length ? ` [${args.join(', ')}]` : ''}`, locale: 'en' };

/** Templates copied from src/ui, their variables bound to sample values. */
const FROM_SRC_UI: Case[] = [
  {
    name: 'form-field: an input with its error message',
    view: (tag) => {
      const id = 'f-email';
      const error = 'Please enter a valid email address.';
      const props = { label: 'Email', name: 'email', type: 'email', value: 'a@b', autoComplete: 'email', required: true, onInput: click };
      return tag`<p class="natter-field">
    <label for=${id}>${props.label}</label>
    <input
      id=${id}
      name=${props.name}
      type=${props.type ?? 'text'}
      value=${props.value}
      autocomplete=${props.autoComplete}
      required=${props.required}
      aria-invalid=${error ? 'true' : undefined}
      aria-describedby=${error ? `${id}-error` : undefined}
      onInput=${click}
    />
    ${error && tag`<span id=${`${id}-error`} class="natter-field-error">${error}</span>`}
  </p>`;
    },
  },
  {
    name: 'avatar: the generated fallback with a style object',
    view: (tag) => {
      const alt = '';
      const size = 40;
      const box = { width: `${size}px`, height: `${size}px` };
      return tag`<span class="natter-avatar natter-avatar-generated" role=${alt ? 'img' : undefined}
    aria-label=${alt || undefined} aria-hidden=${alt ? undefined : 'true'}
    style=${{ ...box, background: `hsl(120 45% 30%)`, fontSize: `${Math.round(size * 0.4)}px` }}
  >${'AE'}</span>`;
    },
  },
  {
    name: 'provider-icon: an SVG with mapped paths',
    view: (tag) => {
      const provider = { background: '#3b5998', icon: [{ d: 'M1 1h2', fill: '#fff' }, { d: 'M2 2v4', stroke: '#fff', strokeWidth: 3 }, { d: 'M3 3' }] };
      return tag`<svg class="natter-provider-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"
    focusable="false" stroke-linecap="round" stroke-linejoin="round">
    <rect width="24" height="24" rx="5" fill=${provider.background} />
    ${provider.icon.map((s: { d: string; fill?: string; stroke?: string; strokeWidth?: number }) => tag`<path d=${s.d} fill=${s.fill ?? (s.stroke ? 'none' : '#fff')}
      stroke=${s.stroke} stroke-width=${s.stroke && (s.strokeWidth ?? 2)} />`)}
  </svg>`;
    },
  },
  {
    name: 'likes: the button, likers and count',
    view: (tag) => {
      const liked = true;
      const busy = false;
      const likers = [author, { name: 'Bo' }];
      const count: number = 2;
      const error = null;
      return tag`<section class="natter-likes" aria-labelledby="natter-likes-title">
    <h2 id="natter-likes-title" class="natter-likes-title">${t.t('Like this:')}</h2>
    <div class="natter-likes-row">
      <button type="button" class="natter-like" aria-pressed=${liked} disabled=${busy} onClick=${click}>
        <span aria-hidden="true">★</span> ${liked ? t.t('Liked') : t.t('Like')}
      </button>
      ${likers.length > 0 && tag`<ul class="natter-likers" aria-label=${t.t('People who like this')}>
        ${likers.slice(0, 12).map((l, i) => tag`<li key=${i}><${Box} label=${l.name} n=${30} /></li>`)}
      </ul>`}
    </div>
    <p class="natter-likes-count">${count === 0 ? t.t('Be the first to like this.') : t.t('%d bloggers like this:', count)}</p>
    ${error && tag`<p class="natter-error" role="alert">${error}</p>`}
  </section>`;
    },
  },
  {
    name: 'comment-item: the article, meta line and actions',
    view: (tag) => {
      const id = 'c1';
      const website = author.website;
      const inReplyTo = { id: 'c0', author: { name: 'Bo' } };
      const comment = { status: 'pending', editedAt: '2024-01-01' };
      const highlighted: string = 'c1';
      const replyingTo: string = 'c2';
      return tag`<article ref=${ref} id=${`comment-${id}`} tabindex="-1"
      class=${`natter-comment${highlighted === id ? ' natter-target' : ''}${comment.status === 'pending' ? ' natter-pending' : ''}`}
      aria-label=${t.t('Comment by %s', author.name)}>
    <header class="natter-meta">
      <${Box} label=${author.name} n=${40} alt="" />
      <span class="natter-who">
        ${website
          ? tag`<a class="natter-author" href=${website} rel=${'nofollow ugc noopener noreferrer'}>${author.name}</a>`
          : tag`<span class="natter-author">${author.name}</span>`}
        <a class="natter-permalink" href=${`#comment-${id}`}><${Box} label="time" /></a>
        ${comment.editedAt && tag`<span class="natter-edited">${t.t('(edited)')}</span>`}
      </span>
    </header>
    ${inReplyTo && tag`<p class="natter-in-reply-to">
      <a href=${`#comment-${inReplyTo.id}`}>${t.t('in reply to %s', inReplyTo.author.name)}</a>
    </p>`}
    ${comment.status === 'pending' && tag`<p class="natter-moderation">${t.t('Your comment is awaiting moderation.')}</p>`}
    <footer class="natter-actions">
      <button type="button" class="natter-reply" aria-label=${t.t('Reply to %s', author.name)}
        aria-expanded=${replyingTo === id} onClick=${click}>${t.t('Reply')}</button>
      ${tag`<span role="group" aria-label=${t.t('Delete this comment?')}>
        ${t.t('Delete this comment?')}
        <button type="button" onClick=${click}>${t.t('Yes, delete')}</button>
        <button type="button" onClick=${click}>${t.t('Cancel')}</button>
      </span>`}
    </footer>
  </article>`;
    },
  },
];

describe('compiled htm templates', () => {
  for (const { name, view, expected } of [...CONSTRUCTS, ...FROM_SRC_UI]) {
    it(`build the same vnodes and DOM as htm for ${name}`, () => {
      expect(shape(view(compiled))).toStrictEqual(shape(view(html)));
      const dom = rendered(view(html));
      expect(rendered(view(compiled))).toBe(dom);
      if (expected !== undefined) expect(dom).toBe(expected);
    });
  }

  it('write one h call per element, props as an object literal', () => {
    expect(compileTemplate(['<p class=', '>', '</p>'], ['cls', 'text'], 'h')).toBe('h("p", { class: cls }, text)');
    expect(compileTemplate(['<br />'], [], 'h')).toBe('h("br")');
    expect(compileTemplate(['<a x="1" ...', ' x=', '/>'], ['o', 'y'], 'h')).toBe('h("a", { x: "1", ...o, x: y })');
  });
});

/** Compiles a module of natter's source tree as the build does. */
function compileModule(code: string, file = join(root, 'src/ui/view.ts')) {
  return compileHtmModule(code, parseSync(file, code).program, file, HTML_MODULE);
}

/** Runs a compiled module whose only import is preact's `h` and whose only export is `view`. */
function runModule(code: string, hName = 'h'): (...args: unknown[]) => ComponentChildren {
  const importH = hName === 'h' ? "import { h } from 'preact';\n" : `import { h as ${hName} } from 'preact';\n`;
  expect(code.startsWith(importH)).toBe(true);
  const body = code.slice(importH.length).replace('export const view =', 'return');
  return new Function(hName, body)(h);
}

describe('the htm compile plugin', () => {
  it('compiles nested templates, imports h from preact and drops the unused html import', () => {
    const result = compileModule([
      "import { html } from './html';",
      'export const view = (items, cls) => html`<ul class=${cls}>${items.map((i) => html`<li>${i}</li>`)}</ul>`;',
    ].join('\n'));
    expect(result?.code).not.toContain('html');
    const view = runModule(result?.code ?? '');
    expect(rendered(view([1, 2], 'list'))).toBe('<ul class="list"><li>1</li><li>2</li></ul>');
    expect(result?.map.sources).toEqual([join(root, 'src/ui/view.ts')]);
    expect(result?.map.mappings).not.toBe('');
  });

  it('keeps operators in expressions together when splicing them into calls and concatenations', () => {
    const result = compileModule([
      "import { html } from './html';",
      'export const view = (a, b) => html`<p title="x ${a ? "yes" : "no"}" data-s=${(a, b)}>${a || b}${a, b}</p>`;',
    ].join('\n'));
    const view = runModule(result?.code ?? '');
    expect(rendered(view(0, 'b'))).toBe('<p title="x no" data-s="b">bb</p>');
  });

  it('compiles html imported from ../ui/html under another name', () => {
    const result = compileModule([
      "import { html as tpl } from '../ui/html';",
      'export const view = () => tpl`<b>admin</b>`;',
    ].join('\n'), join(root, 'src/model/view.ts'));
    expect(rendered(runModule(result?.code ?? '')())).toBe('<b>admin</b>');
  });

  it("compiles html imported from the package's natter/render, as the server's admin page does", () => {
    const result = compileModule([
      "import { html } from 'natter/render';",
      'export const view = () => html`<i>queue</i>`;',
    ].join('\n'), join(root, 'server/admin/view.ts'));
    expect(rendered(runModule(result?.code ?? '')())).toBe('<i>queue</i>');
  });

  it('keeps the html import while something other than a template uses it', () => {
    const code = compileModule([
      "import { html } from './html';",
      'export const tag = html;',
      'export const view = () => html`<p>${html}</p>`;',
    ].join('\n'))?.code;
    expect(code).toContain("import { html } from './html';");
    expect(code).not.toContain('html`');
  });

  it('keeps the other names an import of the html module brings', () => {
    const code = compileModule("import { html, other as o } from './html';\nexport const view = () => html`<p>${o}</p>`;")?.code;
    expect(code).toContain("import { other as o } from './html';");
  });

  it('imports h under a free name when the module already uses h', () => {
    const result = compileModule([
      "import { html } from './html';",
      'const h = 1, h$1 = 2;',
      'export const view = () => html`<p>${h + h$1}</p>`;',
    ].join('\n'));
    expect(result?.code).toContain("import { h as h$2 } from 'preact';");
    expect(result?.code).toContain('h$2("p", null, (h + h$1))');
  });

  it("reuses the module's own import of h from preact", () => {
    const code = compileModule("import { h as make } from 'preact';\nimport { html } from './html';\nexport const view = () => html`<p />`;")?.code;
    expect(code).toBe("import { h as make } from 'preact';\n\nexport const view = () => make(\"p\");");
  });

  it('leaves modules alone whose html tag comes from elsewhere or that have no template', () => {
    expect(compileModule("import { html } from 'lit';\nexport const v = html`<p></p>`;")).toBeNull();
    expect(compileModule("import { html } from './html';\nexport const v = 1;")).toBeNull();
    expect(compileModule("import { html } from './other/html';\nexport const v = html`<p></p>`;")).toBeNull();
  });

  it('compiles every template in src/ui and server/admin, leaving no html tag nor import behind', () => {
    const files = ['src/ui', 'server/admin'].flatMap((dir) =>
      readdirSync(join(root, dir)).filter((f) => f.endsWith('.ts')).map((f) => join(root, dir, f)));
    const users = files.filter((file) => /import \{ html \} from '(\.\/html|natter\/render)';/.test(readFileSync(file, 'utf8')) || /import \{ [^}]*\bhtml\b[^}]*\} from 'natter\/render';/.test(readFileSync(file, 'utf8')));
    expect(users.length).toBeGreaterThan(10);
    for (const file of users) {
      const result = compileHtmModule(readFileSync(file, 'utf8'), parseSync(file, readFileSync(file, 'utf8')).program, file, HTML_MODULE);
      expect(result?.code, file).not.toMatch(/\bhtml`|from '\.\/html'/);
      expect(parseSync(file, result?.code ?? '').errors, file).toEqual([]);
    }
  });
});

describe('the built bundles', () => {
  /** Pieces of htm's template parser: its whitespace rule and its test for a comment. */
  const HTM_PARSER = [/\^\\s\*\\n\\s\*\|\\s\*\\n\\s\*\$/, /["'`]!--["'`]/];

  it("ship neither htm's runtime nor an import of it", () => {
    const runtime = readFileSync(join(root, 'node_modules/htm/dist/htm.mjs'), 'utf8');
    for (const marker of HTM_PARSER) expect(marker.test(runtime), `htm itself matches ${marker}`).toBe(true);
    for (const bundle of ['natter.iife.js', 'natter.offline.iife.js', '../server/dist/admin.js', 'natter.js']) {
      const path = join(root, 'dist', bundle);
      if (!existsSync(path)) throw new Error(`dist/${bundle} is missing: run \`npm run build\` first (\`npm test\` does).`);
      const code = readFileSync(path, 'utf8');
      for (const marker of HTM_PARSER) expect(marker.test(code), `dist/${bundle} matches ${marker}`).toBe(false);
      expect(/from\s*["'`]htm["'`]/.test(code), `dist/${bundle} imports htm`).toBe(false);
    }
  });
});
