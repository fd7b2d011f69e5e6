import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

/** Builds the server bundle into a private directory inside the repo (so packages resolve) and returns its path. */
export async function buildServer(): Promise<{ cli: string; remove(): void }> {
  const dir = resolve('node_modules', '.natter-test', `server-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  await build({ configFile: resolve('server/vite.config.ts'), logLevel: 'silent', build: { outDir: dir, emptyOutDir: true } });
  return { cli: join(dir, 'cli.js'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A server process started from a built bundle. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Stops it with SIGTERM (or SIGKILL with `kill: true`) and waits for the exit. */
  stop(options?: { kill?: boolean }): Promise<void>;
}

/** Starts `natter serve` from the bundle with the given flags on a free port; resolves once it listens. */
export function startServerProcess(cli: string, flags: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const code = `import(${JSON.stringify(cli)}).then((m) => m.main(['serve', '--port', '0', ...JSON.parse(process.argv[1])], process.env))`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code, JSON.stringify(flags)], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolveStart, reject) => {
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`The server did not start:\n${out}`)); }, 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m && m[1]) {
        clearTimeout(timer);
        resolveStart({
          url: m[1],
          child,
          async stop(options = {}) {
            if (child.exitCode === null && child.signalCode === null) child.kill(options.kill ? 'SIGKILL' : 'SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (status) => { clearTimeout(timer); reject(new Error(`The server exited (${status}):\n${out}`)); });
  });
}
