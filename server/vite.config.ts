import { builtinModules } from 'node:module';
import { defaultClientConditions, defaultServerConditions, defineConfig } from 'vite';
import { htmCompile } from '../scripts/vite-plugin-htm.js'; // .js: vite's config loader warns about extensionless imports

/**
 * Inside this repository, `natter/…` imports resolve to the widget's sources
 * (the `natter-source` export condition); an installed natter-server has them
 * bundled in already.
 */
const SOURCE = 'natter-source';

/**
 * The server package's builds, picked by `--mode`:
 * - default: `dist/cli.js`, the Node server and its `natter` CLI (the protocol
 *   and demo seed from `natter` bundled in; Node packages left as imports),
 *   with `dist/cli-*.js` chunks that each subcommand loads when it runs;
 * - `admin`: `dist/admin.js`, the moderation page the server serves at `/admin`.
 */
export default defineConfig(({ mode }) => {
  const resolve = { conditions: [SOURCE, ...defaultClientConditions] };
  const ssr = { resolve: { conditions: [SOURCE, ...defaultServerConditions], externalConditions: [SOURCE] }, noExternal: ['natter'] };
  if (mode === 'admin') {
    return {
      root: import.meta.dirname,
      resolve,
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        target: 'es2020',
        lib: { entry: 'admin/main.ts', formats: ['iife'], name: 'natterAdmin', fileName: () => 'admin.js' },
        rolldownOptions: { output: { codeSplitting: false } },
      },
      plugins: [htmCompile()],
    };
  }
  return {
    root: import.meta.dirname,
    resolve,
    ssr,
    build: {
      ssr: 'src/cli.ts',
      outDir: 'dist',
      emptyOutDir: false,
      target: 'node20',
      minify: false,
      rolldownOptions: {
        external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
        // `cli.js` loads each subcommand's code as a chunk beside it (`cli-*.js`) when it runs,
        // so `natter import` does not load the HTTP server, sign-in and mail.
        output: { format: 'es', entryFileNames: 'cli.js', chunkFileNames: 'cli-[name].js' },
      },
    },
    plugins: [htmCompile()],
    test: {
      name: 'natter-server',
      include: ['test/**/*.test.ts'],
      environment: 'node',
      testTimeout: 20_000,
      hookTimeout: 60_000,
    },
  };
});
