import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../test/helpers/free-port';

/** A private PostgreSQL server for one test file. */
export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  /** Creates a fresh database on the server and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server as an operator would (fast shutdown: open connections are cut) and starts it again on the same port and data. */
  restart(options?: { downMs?: number }): Promise<void>;
  /** Stops the server (by its PID) and removes its directory. */
  stop(): Promise<void>;
}

const BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

function asPostgres(command: string): void {
  execFileSync('su', ['postgres', '-c', command], { stdio: 'pipe', timeout: 60_000 });
}

/**
 * Starts PostgreSQL 15 from Debian's package on 127.0.0.1 with a free port in a
 * temporary directory. Throws when the binaries are missing (tests never skip).
 */
export async function startPostgres(): Promise<TestPostgres> {
  if (!existsSync(join(BIN, 'initdb')) || !existsSync(join(BIN, 'pg_ctl'))) {
    throw new Error(`PostgreSQL 15 binaries not found in ${BIN}: run \`apt-get install -y postgresql\``);
  }
  const dir = mkdtempSync(join(tmpdir(), 'natter-pg-'));
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(dir, uid, gid);
  const port = await freePort();
  const data = join(dir, 'data');
  asPostgres(`${BIN}/initdb -D ${data} -A trust -U postgres --no-sync -E UTF8`);
  const start = () => asPostgres(`${BIN}/pg_ctl -D ${data} -l ${dir}/log -w -o "-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off" start`);
  start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Bad database name: ${name}`);
      asPostgres(`${BIN}/createdb -h 127.0.0.1 -p ${port} -U postgres ${name}`);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async restart(options = {}) {
      asPostgres(`${BIN}/pg_ctl -D ${data} -m fast -w stop`);
      await new Promise((r) => setTimeout(r, options.downMs ?? 0));
      start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const pidFile = join(data, 'postmaster.pid');
      if (existsSync(pidFile)) {
        const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
        if (Number.isInteger(pid) && pid > 0) {
          try { process.kill(pid, 'SIGINT'); } catch { /* already gone */ }
          for (let i = 0; i < 100 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
