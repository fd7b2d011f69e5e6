import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Folders whose .ts/.js files may cite documents, from the repository root. */
const CODE_DIRS = ['src', 'server/src', 'server/admin', 'server/scripts', 'test', 'server/test', 'scripts'];
/** Single code files that may cite documents. */
const CODE_FILES = ['eslint.config.js', 'vite.config.ts', 'server/vite.config.ts'];
const SKIP = new Set(['node_modules', 'dist']);

/** Every .ts/.js file under `dir` (repository-relative), skipping build output and dependencies. */
function codeFiles(dir: string): string[] {
  const full = join(ROOT, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return codeFiles(path);
    return /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

const code = [...CODE_DIRS.flatMap(codeFiles), ...CODE_FILES.filter((f) => existsSync(join(ROOT, f)))];
const docs = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

// A path ending in .md that starts a token: not the tail of a URL or of a longer path.
const MD_PATH = /(?<![\w./:@\\-])((?:\.{0,2}\/)?(?:[\w-][\w.-]*\/)*[\w-][\w.-]*\.md)\b/g;
// `docs/security.md S8`, `docs/security.md R2 and R4`, `docs/security.md S1, S2`.
const SECURITY_IDS = /docs\/security\.md((?:[\s,;(]+(?:and\s+|or\s+)?[SR]\d+\b)+)/g;

/** The `.md` files a text mentions, each with the line it is on. */
function mdMentions(path: string): { path: string; line: number; target: string }[] {
  return read(path).split('\n').flatMap((text, i) =>
    [...text.matchAll(MD_PATH)].map((m) => ({ path, line: i + 1, target: m[1]!.replace(/^\.\//, '') })));
}

describe('references to documents', () => {
  it('finds the code, tests and documents it is meant to scan', () => {
    expect(code).toContain('eslint.config.js');
    expect(code).toContain('src/protocol/text-rules.ts');
    expect(code).toContain('server/src/comments/markdown.ts');
    expect(code).toContain('test/build/doc-references.test.ts');
    expect(docs).toEqual(expect.arrayContaining(['README.md', 'docs/security.md', 'docs/architecture.md']));
  });

  it('only names .md files that exist, relative to the repository root', () => {
    const mentions = [...code, ...docs].flatMap(mdMentions);
    expect(mentions.map((m) => m.target)).toEqual(expect.arrayContaining(['docs/security.md', 'docs/sign-in.md']));
    const missing = mentions.filter((m) => !existsSync(join(ROOT, m.target))).map((m) => `${m.path}:${m.line} → ${m.target}`);
    expect(missing).toEqual([]);
  });

  it('cites only security and reliability requirements that docs/security.md has an entry for', () => {
    const security = read('docs/security.md');
    const entries = new Set([...security.matchAll(/^(?:#{2,4}\s+|[-*]\s+\*\*)([SR]\d+)\b/gm)].map((m) => m[1]));
    const cited = code.flatMap((path) =>
      [...read(path).matchAll(SECURITY_IDS)].flatMap((m) => [...m[1]!.matchAll(/[SR]\d+/g)].map((id) => ({ path, id: id[0] }))));
    expect(cited.map((c) => c.id)).toEqual(expect.arrayContaining(['S6', 'S8', 'S20']));
    expect(cited.filter((c) => !entries.has(c.id)).map((c) => `${c.path} → ${c.id}`)).toEqual([]);
  });

  it('gives every requirement S1–S28 and R1–R5 exactly one entry in docs/security.md', () => {
    const ids = [...read('docs/security.md').matchAll(/^#{2,4}\s+([SR]\d+)\b/gm)].map((m) => m[1]);
    const expected = [...Array.from({ length: 28 }, (_, i) => `S${i + 1}`), ...Array.from({ length: 5 }, (_, i) => `R${i + 1}`)];
    expect(ids).toEqual(expected);
  });

  it('names only repository files that exist, wherever docs/ cites one', () => {
    const cited = docs.filter((d) => d.startsWith('docs/')).flatMap((path) =>
      [...read(path).matchAll(/`((?:src|test|server|scripts|demo|docs)\/[\w./-]+\.(?:ts|js|json|css|html|md))`/g)]
        .map((m) => ({ path, target: m[1]! }))
        .filter((c) => !c.target.includes('/dist/')));
    expect(cited.map((c) => c.target)).toContain('server/test/http/adversarial.test.ts');
    expect(cited.filter((c) => !existsSync(join(ROOT, c.target))).map((c) => `${c.path} → ${c.target}`)).toEqual([]);
  });
});
