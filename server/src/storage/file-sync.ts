import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Flushes one file to disk (`fdatasync`) in libuv's thread pool, so the event
 * loop goes on serving while the disk works. Everyone who asks while a flush
 * is under way shares the next one, which starts when it ends (the running
 * one may have begun before their writes): at most one flush runs and one
 * waits, however many ask. The first flush also syncs the file's directory,
 * so a file created since the database was opened is found after a crash.
 * @example const wal = new FileSync('/var/lib/natter/natter.db-wal'); await wal.sync();
 */
export class FileSync {
  private handle: Promise<FileHandle> | null = null;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private dirSynced = false;

  constructor(readonly path: string) {}

  /** Resolves once everything written to the file before this call is on disk. */
  sync(): Promise<void> {
    if (this.queued !== null) return this.queued;
    if (this.running === null) return this.start();
    this.queued = this.running.catch(() => {}).then(() => {
      this.queued = null;
      return this.start();
    });
    return this.queued;
  }

  /** Closes the file (after the flushes asked for so far). */
  async close(): Promise<void> {
    await this.queued?.catch(() => {});
    await this.running?.catch(() => {});
    const handle = this.handle;
    this.handle = null;
    if (handle !== null) await (await handle).close();
  }

  private start(): Promise<void> {
    const run = this.flush();
    this.running = run;
    const done = () => {
      if (this.running === run) this.running = null;
    };
    run.then(done, done);
    return run;
  }

  private async flush(): Promise<void> {
    this.handle ??= open(this.path, 'r');
    let handle: FileHandle;
    try {
      handle = await this.handle;
    } catch (error) {
      this.handle = null;
      throw error;
    }
    await handle.datasync();
    if (!this.dirSynced) {
      const dir = await open(dirname(this.path), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
      this.dirSynced = true;
    }
  }
}
