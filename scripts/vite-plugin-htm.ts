import { dirname, resolve } from 'node:path';
import htm from 'htm';
import MagicString from 'magic-string';
import type { ESTree, Plugin } from 'vite';

/**
 * Compiles natter's `` html`…` `` templates to `h(…)` calls at build time, so
 * neither htm's runtime nor its template parsing ships in the widget.
 *
 * htm itself is the parser: each template is run through htm bound to an `h`
 * that writes code instead of building vnodes, with one placeholder per
 * `${…}` that stands for the expression's source. Whatever htm makes of the
 * markup (whitespace, `<//>`, comments, quoting, fragments) is therefore what
 * the compiled code does. `src/ui/html.ts` stays as it is; modules that no
 * longer use it stop importing it.
 *
 * It runs under vitest too (the plugin sits in the default mode's config), so
 * the component tests exercise the code that ships; `test/build/htm-plugin.test.ts`
 * checks compiled templates against htm at run time.
 */
export function htmCompile(): Plugin {
  let htmlModule = '';
  let sourceRoots: string[] = [];
  return {
    name: 'natter-htm-compile',
    configResolved() {
      // The widget's sources and the server's admin page, wherever the build runs from.
      const repo = resolve(import.meta.dirname, '..');
      htmlModule = resolve(repo, 'src/ui/html.ts');
      sourceRoots = [resolve(repo, 'src') + '/', resolve(repo, 'server/admin') + '/'];
    },
    transform: {
      // `html`, not `` html` ``: the tag may be imported under another name.
      filter: { id: /\.ts(?:\?|$)/, code: 'html' },
      handler(code, id) {
        const file = id.split('?')[0] ?? id;
        if (!sourceRoots.some((root) => file.startsWith(root)) || file === htmlModule) return null;
        return compileHtmModule(code, this.parse(code), file, htmlModule);
      },
    },
  };
}

/** The result of {@link compileHtmModule}: the module's new code and its source map. */
export interface CompiledModule {
  code: string;
  map: ReturnType<MagicString['generateMap']>;
}

/**
 * Rewrites one module: every `` html`…` `` whose `html` is imported from
 * `htmlModule` becomes `h(…)` calls, `h` is imported from preact, and the
 * `html` import goes when nothing else uses it. `null` when there is nothing to do.
 */
export function compileHtmModule(code: string, program: ESTree.Program, file: string, htmlModule: string): CompiledModule | null {
  const binding = findHtmlImport(program, file, htmlModule);
  if (!binding) return null;
  const scan = { tag: binding.local, templates: [] as ESTree.TaggedTemplateExpression[], otherUses: 0 };
  for (const statement of program.body) {
    if (statement.type !== 'ImportDeclaration') collect(statement, scan);
  }
  if (!scan.templates.length) return null;

  const names = new Set<string>();
  walk(program, (node) => {
    if (node.type === 'Identifier') names.add(node.name);
    return true;
  });
  const preactH = findNamedImport(program, 'preact', 'h');
  let h = preactH ?? 'h';
  for (let n = 1; !preactH && names.has(h); n++) h = `h$${n}`;

  const out = new MagicString(code);
  for (const template of scan.templates) {
    out.overwrite(template.start, template.end, compileTaggedTemplate(code, template, scan, h));
  }
  if (!preactH) out.prepend(`import { ${h === 'h' ? 'h' : `h as ${h}`} } from 'preact';\n`);
  if (!scan.otherUses) dropSpecifier(code, out, binding.declaration, binding.specifier);
  return { code: out.toString(), map: out.generateMap({ hires: 'boundary', source: file, includeContent: true }) };
}

/** A `${…}` of a template, standing for the expression's code. */
class Hole {
  constructor(readonly code: string) {}
}

/** An element htm built: the `h(…)` call that builds it at run time. */
class Call {
  constructor(readonly code: string) {}
}

// htm's operation codes (htm/src/build.mjs), read from the operation list that
// htm hands each `h` call as `this`.
const PROPS_ASSIGN = 4;
const PROP_SET = 5;
const PROP_APPEND = 6;

/**
 * Compiles one template, given its cooked static strings and the code of each
 * `${…}`, to the code of an expression that builds the same vnodes with `h`.
 *
 * @example compileTemplate(['<p class=', '>', '</p>'], ['cls', 'text'], 'h') // 'h("p", { class: cls }, text)'
 */
export function compileTemplate(statics: readonly string[], holes: readonly string[], h: string): string {
  const fields = holes.map((code) => new Hole(code));
  const build = htm.bind(function (this: unknown, type: unknown, _props: unknown, ...children: unknown[]): Call {
    // Props are read from htm's operation list rather than from the object it
    // built, which has lost where `...${spread}`s sat between named props.
    const props = Array.isArray(this) ? propsCode(this, fields) : 'null';
    const args = [valueCode(type), props, ...children.map(valueCode)];
    if (args.length === 2 && props === 'null') args.pop();
    return new Call(`${h}(${args.join(', ')})`);
  });
  const strings = Object.assign([...statics], { raw: [...statics] });
  const built: unknown = build(strings, ...fields);
  if (Array.isArray(built)) return `[${built.map(valueCode).join(', ')}]`;
  return built === undefined ? 'void 0' : valueCode(built);
}

/** The code of one child, tag or prop part as htm passed it. */
function valueCode(value: unknown): string {
  if (value instanceof Call || value instanceof Hole) return value.code;
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === true) return 'true';
  throw new Error(`htm compile: unexpected value ${String(value)}`);
}

/**
 * The props object of one element, replaying htm's `evaluate` over its
 * operations: a prop set twice keeps its first place, a spread merges where
 * it stands, parts of one value are concatenated as strings.
 */
function propsCode(ops: readonly unknown[], fields: readonly Hole[]): string {
  const entries = new Map<string, unknown[]>();
  const out: string[] = [];
  const flush = () => {
    for (const [name, parts] of entries) out.push(`${keyCode(name)}: ${partsCode(parts)}`);
    entries.clear();
  };
  for (let i = 1; i < ops.length; i++) {
    const type = ops[i++];
    const field = ops[i];
    const value = typeof field === 'number' && field > 0 ? (i++, fields[field - 1]) : ops[++i];
    if (type === PROPS_ASSIGN) {
      flush();
      out.push(`...${valueCode(value)}`);
    } else if (type === PROP_SET || type === PROP_APPEND) {
      const name = String(ops[++i]);
      const parts = type === PROP_SET ? [] : entries.get(name);
      if (!parts) throw new Error(`htm compile: "${name}" appended before it was set`);
      parts.push(value);
      entries.set(name, parts);
    }
  }
  flush();
  return out.length ? `{ ${out.join(', ')} }` : 'null';
}

/** A property key: bare when it is an identifier, quoted otherwise. */
function keyCode(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

/** One prop value: its only part, or its parts joined the way htm does (`a += b + ''`). */
function partsCode(parts: readonly unknown[]): string {
  const codes = parts.map(valueCode);
  // Two expressions in a row must concatenate, not add: `${a}${b}` is `a + "" + b`.
  if (parts.length > 1 && parts[0] instanceof Hole && parts[1] instanceof Hole) codes.splice(1, 0, '""');
  return codes.join(' + ');
}

/** Expressions that need no parentheses as an argument or an operand of `+`. */
const BARE = new Set(['Identifier', 'Literal', 'MemberExpression', 'CallExpression', 'ChainExpression', 'ThisExpression',
  'TemplateLiteral', 'ArrayExpression', 'ObjectExpression', 'ParenthesizedExpression', 'NewExpression']);

interface Scan {
  /** The local name of the imported `html`. */
  tag: string;
  /** Outermost `` html`…` `` expressions found. */
  templates: ESTree.TaggedTemplateExpression[];
  /** References to `html` other than as the tag of a template. */
  otherUses: number;
}

/** The code of one tagged template, with the templates nested in its expressions compiled too. */
function compileTaggedTemplate(code: string, node: ESTree.TaggedTemplateExpression, scan: Scan, h: string): string {
  const statics = node.quasi.quasis.map((quasi) => {
    if (quasi.value.cooked === null) throw new Error(`htm compile: invalid escape in template at offset ${quasi.start}`);
    return quasi.value.cooked;
  });
  const holes = node.quasi.expressions.map((expression) => {
    const inner: Scan = { tag: scan.tag, templates: [], otherUses: 0 };
    collect(expression, inner);
    scan.otherUses += inner.otherUses;
    let source = '';
    let at = expression.start;
    for (const template of inner.templates) {
      source += code.slice(at, template.start) + compileTaggedTemplate(code, template, scan, h);
      at = template.end;
    }
    source += code.slice(at, expression.end);
    return BARE.has(expression.type) ? source : `(${source})`;
  });
  return compileTemplate(statics, holes, h);
}

/** Finds the outermost `` html`…` `` under `node`, counting other references to `html`. */
function collect(node: ESTree.Node, scan: Scan): void {
  walk(node, (child) => {
    if (child.type === 'TaggedTemplateExpression' && child.tag.type === 'Identifier' && child.tag.name === scan.tag) {
      scan.templates.push(child);
      return false;
    }
    if (child.type === 'Identifier' && child.name === scan.tag) scan.otherUses++;
    return true;
  });
}

/** Visits `node` and its descendants in source order; `visit` returns `false` to skip a node's children. */
function walk(node: ESTree.Node, visit: (node: ESTree.Node) => boolean): void {
  if (!visit(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent') continue;
    for (const child of Array.isArray(value) ? value : [value]) {
      if (isNode(child)) walk(child, visit);
    }
  }
}

function isNode(value: unknown): value is ESTree.Node {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'type') === 'string'
    && typeof Reflect.get(value, 'start') === 'number';
}

/** The package export that re-exports natter's `html` tag. */
const HTML_EXPORT = 'natter/render';

/** The import of `html` from natter's html module, if the module has one. */
function findHtmlImport(program: ESTree.Program, file: string, htmlModule: string) {
  for (const declaration of program.body) {
    if (declaration.type !== 'ImportDeclaration' || declaration.importKind === 'type') continue;
    const from = declaration.source.value;
    // The admin page takes the tag from the widget package's `natter/render`.
    if (!from.startsWith('.') && from !== HTML_EXPORT) continue;
    const target = from === HTML_EXPORT ? htmlModule : resolve(dirname(file), from);
    if (target !== htmlModule && `${target}.ts` !== htmlModule && target.replace(/\.js$/, '.ts') !== htmlModule) continue;
    for (const specifier of declaration.specifiers) {
      if (specifier.type === 'ImportSpecifier' && importedName(specifier) === 'html' && specifier.importKind !== 'type') {
        return { declaration, specifier, local: specifier.local.name };
      }
    }
  }
  return null;
}

/** The local name of `name` imported from `from`, if the module imports it. */
function findNamedImport(program: ESTree.Program, from: string, name: string): string | null {
  for (const declaration of program.body) {
    if (declaration.type !== 'ImportDeclaration' || declaration.source.value !== from || declaration.importKind === 'type') continue;
    for (const specifier of declaration.specifiers) {
      if (specifier.type === 'ImportSpecifier' && importedName(specifier) === name && specifier.importKind !== 'type') {
        return specifier.local.name;
      }
    }
  }
  return null;
}

function importedName(specifier: ESTree.ImportSpecifier): string {
  return specifier.imported.type === 'Identifier' ? specifier.imported.name : String(specifier.imported.value);
}

/** Removes `specifier` from `declaration`, or the whole declaration when it was the only one. */
function dropSpecifier(code: string, out: MagicString, declaration: ESTree.ImportDeclaration, specifier: ESTree.ImportSpecifier): void {
  const rest = declaration.specifiers.filter((s) => s !== specifier);
  if (!rest.length) {
    out.remove(declaration.start, declaration.end);
    return;
  }
  const named = rest.filter((s) => s.type === 'ImportSpecifier').map((s) => code.slice(s.start, s.end));
  const clauses = rest.filter((s) => s.type !== 'ImportSpecifier').map((s) => code.slice(s.start, s.end));
  if (named.length) clauses.push(`{ ${named.join(', ')} }`);
  out.overwrite(declaration.start, declaration.end,
    `import ${clauses.join(', ')} from ${code.slice(declaration.source.start, declaration.source.end)};`);
}
