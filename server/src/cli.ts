import { ConfigError, USAGE, parseConfig, type ServerConfig } from './config';
import { keepYoungGenerationSmall } from './import-export/young-generation';
import type { RunningServer, StartServerOptions } from './start-server';
import type { KyselyStorage } from './storage/kysely-storage';

// The `natter` command. Each subcommand loads only the code it runs: `natter import`
// and `natter export` need storage and their readers and writers, not the HTTP server,
// sign-in or mail (whose modules would add tens of megabytes to an import's memory).

export { parseConfig };
export type { RunningServer, ServerConfig, StartServerOptions };

/**
 * Starts natter with a validated configuration: opens (and migrates) the
 * database, builds the app and listens.
 * @example const server = await startServer(parseConfig(['--port', '0'], {}));
 */
export async function startServer(config: ServerConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const { startServer: start } = await import('./start-server');
  return start(config, options);
}

/**
 * Opens natter's storage and applies pending migrations: a `postgres://` URL
 * opens PostgreSQL, anything else is a SQLite file (`:memory:` for tests).
 * @example const storage = await openStorage('./data/natter.db');
 */
export async function openStorage(location: string, options?: { server?: boolean }): Promise<KyselyStorage> {
  const { openStorage: open } = await import('./storage/open-storage');
  return open(location, options);
}

/** `natter serve|import|export [flags]`. Returns the exit code when it does not keep running. */
export async function main(argv: readonly string[], env: Record<string, string | undefined>): Promise<number | null> {
  const [command, ...rest] = argv;
  const io = { stdout: process.stdout, stderr: process.stderr };
  if (command === 'import' || command === 'export') {
    keepYoungGenerationSmall();
    const { importCommand, exportCommand } = await import('./import-export/import-export-cli');
    return (command === 'import' ? importCommand : exportCommand)(rest, env, io);
  }
  if (command !== 'serve') {
    const { IMPORT_EXPORT_USAGE } = await import('./import-export/import-export-usage');
    console.error(`${command === undefined || command === '--help' ? USAGE : `Unknown command "${command}".\n\n${USAGE}`}\n${IMPORT_EXPORT_USAGE}`);
    return command === '--help' ? 0 : 2;
  }
  const { AUTH_CONFIG_FLAGS, AUTH_USAGE } = await import('./auth/auth-config');
  let config;
  try {
    config = parseConfig(rest, env, AUTH_CONFIG_FLAGS);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`natter: ${error.message}\n\n${USAGE}\n${AUTH_USAGE}`);
      return 2;
    }
    throw error;
  }
  if (config.help) {
    console.log(`${USAGE}\n${AUTH_USAGE}`);
    return 0;
  }
  const server = await startServer(config, { env, flags: config.flags });
  const stop = () => {
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return null;
}
