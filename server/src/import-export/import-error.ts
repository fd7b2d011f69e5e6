/**
 * A file that cannot be imported: malformed, truncated, in the wrong encoding
 * or of the wrong kind. The message names the line; nothing was imported.
 */
export class ImportError extends Error {
  override readonly name = 'ImportError';

  constructor(
    message: string,
    /** One-based line of the file where the problem was found, when known. */
    readonly line: number | null,
    options?: { cause?: unknown },
  ) {
    super(line === null ? message : `line ${line}: ${message}`, options);
  }
}
