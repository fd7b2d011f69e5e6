import { defineConfig } from 'vite';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { htmCompile } from './scripts/vite-plugin-htm.js'; // .js: vite's config loader warns about extensionless imports

/**
 * The builds, picked by `--mode`:
 * - default: `dist/natter.iife.js`, one self-contained file for a `<script>` tag
 *   talking to a natter server (non-English catalogues are copied beside it as
 *   `dist/locales/*.json`);
 * - `offline`: `dist/natter.offline.iife.js`, the same plus the memory backend
 *   (`data-backend="memory"`), for the offline demo and tests;
 * - `esm`:   `dist/natter.js` for bundlers, preact and htm left as dependencies;
 * - `server`: `dist/server/cli.js`, the Node server (never part of the widget);
 * - `admin`: `dist/admin.js`, the moderation page the server serves at `/admin`.
 * - `sign-in`: `dist/natter.sign-in.js`, the provider sign-in code that the
 *   script-tag bundles load from beside themselves when a reader first signs in.
 */
/**
 * Output of the script-tag bundles: one file, and `window.natter` a plain
 * object (no `Symbol.toStringTag` "Module" marker, which costs bytes for nothing).
 */
const SCRIPT_TAG_OUTPUT = { codeSplitting: false, generatedCode: { symbols: false } };

export default defineConfig(({ mode }) => {
  if (mode === 'server') {
    return {
      build: {
        ssr: 'src/server/cli.ts',
        outDir: 'dist/server',
        emptyOutDir: true,
        target: 'node20',
        minify: false,
        rolldownOptions: {
          external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
          output: { format: 'es', entryFileNames: 'cli.js' },
        },
      },
    };
  }
  if (mode === 'admin') {
    return {
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        target: 'es2020',
        lib: { entry: 'src/admin/main.ts', formats: ['iife'], name: 'natterAdmin', fileName: () => 'admin.js' },
        rolldownOptions: { output: { codeSplitting: false } },
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
        lib: { entry: 'src/embed-sign-in.ts', formats: ['iife'], name: 'natterSignIn', fileName: () => 'natter.sign-in.js' },
        rolldownOptions: { output: SCRIPT_TAG_OUTPUT },
      },
    };
  }
  if (mode === 'offline') {
    return {
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        target: 'es2022',
        lib: { entry: 'src/embed-offline.ts', formats: ['iife'], name: 'natter', fileName: () => 'natter.offline.iife.js' },
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
        lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'natter.js' },
        rolldownOptions: { external: [/^preact(\/|$)/, /^htm(\/|$)/] },
      },
      plugins: [htmCompile()],
    };
  }
  return {
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      target: 'es2022',
      lib: { entry: 'src/embed.ts', formats: ['iife'], name: 'natter', fileName: () => 'natter.iife.js' },
      rolldownOptions: { output: SCRIPT_TAG_OUTPUT },
      // Every reader downloads this file: terser's extra passes take ~1.3% more off
      // after brotli than the default minifier. No top-level mangling: `var natter` is the API.
      minify: 'terser',
      terserOptions: { ecma: 2020, compress: { passes: 3 }, format: { comments: false } },
    },
    plugins: [htmCompile(), copyLocales()],
    test: {
      include: ['test/**/*.test.ts'],
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
