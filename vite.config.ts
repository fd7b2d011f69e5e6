import { defineConfig } from 'vite';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { htmCompile } from './scripts/vite-plugin-htm.js'; // .js: vite's config loader warns about extensionless imports

/**
 * The builds, picked by `--mode`:
 * - default: `dist/natter.iife.js`, one self-contained file for a `<script>` tag
 *   talking to a natter server (non-English catalogues are copied beside it as
 *   `dist/locales/*.json`); it paints without preact (`src/ui/paint/`);
 * - `offline`: `dist/natter.offline.iife.js`, the same plus the memory backend
 *   (`data-backend="memory"`), for the offline demo and tests;
 * - `esm`:   `dist/natter.js` for bundlers, preact and htm left as dependencies;
 *   with `dist/protocol.js` (the wire contract) and `dist/render.js`
 *   (the body renderer and template tag, which the server's admin page uses).
 * - `sign-in`: `dist/natter.sign-in.js`, the provider sign-in code that the
 *   script-tag bundles load from beside themselves when a reader first signs in.
 * - `wordpress`: `dist/natter.wordpress.js`, the WordPress backend and ky as one
 *   ES module, imported from beside the script-tag bundle for `wordpress:` backends
 *   (`dist/wordpress.js` in the `esm` build is the same for bundlers, ky external).
 * - `interaction`: `dist/natter.interaction.js`, what the script-tag bundle
 *   loads on first interaction or when idle: preact, which takes over the
 *   painted widget, the form, editing, the full http backend (ky).
 */
/**
 * Output of the script-tag bundles: one file, and `window.natter` a plain
 * object (no `Symbol.toStringTag` "Module" marker, which costs bytes for nothing).
 */
const SCRIPT_TAG_OUTPUT = { codeSplitting: false, generatedCode: { symbols: false } };

/**
 * V8's explicit compile hint: the whole file is compiled eagerly, on the
 * streaming thread while it downloads, instead of function by function on
 * the main thread. Must be the file's first line.
 */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * What `natter.interaction.js` takes from the script-tag bundle rather than
 * bundling a copy: the Trusted Types policy (a page may allow the name once).
 * Each maps to a property of `natterCore` on the chunk's own `<script>`
 * element, which `src/embed/interaction-script.ts` fills. The chunk has its
 * own preact: the script-tag bundle has none (see `src/ui/paint/preact.ts`).
 */
const SHARED_WITH_CORE: [RegExp, string][] = [
  [/\/src\/model\/trusted-types\.ts$/, 'trustedTypes'],
];
const sharedName = (id: string) => SHARED_WITH_CORE.find(([pattern]) => pattern.test(id))?.[1];

export default defineConfig(({ mode, command }) => {
  if (mode === 'interaction') {
    return {
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        target: 'es2022',
        // No exports, so the IIFE assigns no global: it hands its code over on its own <script> element.
        lib: { entry: 'src/entries/interaction.ts', formats: ['iife'], name: 'natterInteraction', fileName: () => 'natter.interaction.js' },
        rolldownOptions: {
          external: (id: string) => sharedName(id) !== undefined,
          // Read through Document.prototype: a host page's `<img name="currentScript">` shadows `document.currentScript`.
          output: {
            ...SCRIPT_TAG_OUTPUT,
            globals: (id: string) => `Reflect.get(Document.prototype,"currentScript",document).natterCore.${sharedName(id)}`,
          },
        },
        minify: 'terser',
        // The core's unsafe_arrows and unsafe (see below): ky and the form are classes and arrows,
        // and format only strings and numbers (−61 B brotli). preact's internal `__x` properties get
        // one-letter names: only this file reads them, and terser avoids DOM property names;
        // `__html` is dangerouslySetInnerHTML's public key.
        terserOptions: {
          ecma: 2020,
          compress: { passes: 3, unsafe_arrows: true, unsafe: true },
          mangle: { properties: { regex: /^__/, reserved: ['__html'] } },
          format: { comments: false },
        },
      },
      plugins: [htmCompile()],
    };
  }
  if (mode === 'sign-in') {
    return {
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        target: 'es2022',
        // No exports, so the IIFE assigns no global: it hands its code over on its own <script> element.
        lib: { entry: 'src/entries/sign-in.ts', formats: ['iife'], name: 'natterSignIn', fileName: () => 'natter.sign-in.js' },
        rolldownOptions: { output: SCRIPT_TAG_OUTPUT },
      },
    };
  }
  if (mode === 'wordpress') {
    return {
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        target: 'es2022',
        // An ES module with ky inside, which the script-tag bundle import()s from beside itself for `wordpress:` backends.
        lib: { entry: 'src/backend/wordpress/index.ts', formats: ['es'], fileName: () => 'natter.wordpress.js' },
        rolldownOptions: { output: { codeSplitting: false } },
        minify: 'terser',
        terserOptions: { ecma: 2020, compress: { passes: 2 }, format: { comments: false } },
      },
    };
  }
  if (mode === 'offline') {
    return {
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        target: 'es2022',
        lib: { entry: 'src/entries/offline.ts', formats: ['iife'], name: 'natter', fileName: () => 'natter.offline.iife.js' },
        rolldownOptions: { output: SCRIPT_TAG_OUTPUT },
      },
      plugins: [htmCompile()],
    };
  }
  if (mode === 'esm') {
    return {
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        lib: {
          entry: {
            natter: 'src/index.ts', protocol: 'src/protocol/index.ts', render: 'src/ui/render.ts', demo: 'src/backend/memory/demo-seed.ts',
            wordpress: 'src/backend/wordpress/index.ts',
          },
          formats: ['es'],
          fileName: (_format, name) => `${name}.js`,
        },
        rolldownOptions: { external: [/^preact(\/|$)/, /^htm(\/|$)/, /^ky(\/|$)/] },
      },
      plugins: [htmCompile()],
    };
  }
  // The script-tag bundle paints without preact (src/ui/paint/preact.ts); its tests, like everything
  // else under vitest, run the components with preact.
  const paint = command === 'build'
    ? [{ find: /^preact$/, replacement: resolve('src/ui/paint/preact.ts') }, { find: /^preact\/hooks$/, replacement: resolve('src/ui/paint/hooks.ts') }]
    : [];
  return {
    resolve: { alias: paint },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      target: 'es2022',
      lib: { entry: 'src/entries/script-tag.ts', formats: ['iife'], name: 'natter', fileName: () => 'natter.iife.js' },
      rolldownOptions: { output: SCRIPT_TAG_OUTPUT },
      // Every reader downloads this file: terser's extra passes take ~1.3% more off
      // after brotli than the default minifier. No top-level mangling: `var natter` is the API.
      minify: 'terser',
      // The compile hint has Chromium compile every function while the script streams in, off the
      // main thread: first paint calls nearly all of them, and compiling each lazily on its first
      // call cost the main thread about 7 ms of a cold load (script evaluation and first render).
      // `unsafe_arrows` turns function expressions that use no `this` into arrows: nothing here
      // `new`s one (the painter tells components by `prototype.render`, which only classes have).
      // `unsafe` assumes the built-ins are the standard ones and writes `String(x)` and
      // `${x}` as `x+""`, `new Error` as `Error`: the same for the strings and numbers
      // they format here (it differs only for symbols and objects with their own valueOf). −22 B brotli.
      terserOptions: {
        ecma: 2020,
        compress: { passes: 3, unsafe_arrows: true, unsafe: true },
        format: { comments: false, preamble: COMPILE_HINT },
      },
    },
    plugins: [htmCompile(), copyLocales()],
    test: {
      // The widget's tests here, the server package's under server/ (its own config).
      projects: [
        { extends: true, test: { name: 'natter', include: ['test/**/*.test.ts'], exclude: ['test/packages/**'], globalSetup: ['test/wordpress/global-setup.ts'], setupFiles: ['test/helpers/settle-after-paint.ts'] } },
        'server/vite.config.ts',
      ],
      environment: 'node',
      testTimeout: 20_000,
      hookTimeout: 60_000,
      // Browser and database suites start real processes: keep files from
      // competing for the two cores.
      maxWorkers: 2,
    },
  };
});

/** Copies the lazily loaded catalogues beside the script-tag bundle. */
function copyLocales() {
  return {
    name: 'natter-copy-locales',
    apply: 'build' as const,
    closeBundle() {
      const from = 'src/i18n/locales';
      mkdirSync('dist/locales', { recursive: true });
      for (const file of readdirSync(from)) {
        if (file.endsWith('.json')) copyFileSync(`${from}/${file}`, `dist/locales/${file}`);
      }
    },
  };
}
