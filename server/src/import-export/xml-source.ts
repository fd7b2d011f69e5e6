import { createReadStream } from 'node:fs';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ImportError } from './import-error';

/** What an {@link XmlHandler} sees: element names as written (`wp:comment`), attributes as plain strings. */
export interface XmlHandler {
  /** An element opened; `path` holds the names of its open ancestors and itself. */
  open(name: string, attributes: Record<string, string>, path: readonly string[], line: number): void;
  /** An element closed, with the text and CDATA written directly inside it. */
  close(name: string, text: string, path: readonly string[], line: number): void;
  /** Whether the text inside the element at `path` is wanted (unwanted text is not kept in memory). */
  wantsText(path: readonly string[]): boolean;
}

/** Encodings natter reads; WordPress and Disqus write UTF-8. */
const UTF8 = /^utf-?8$/i;

/**
 * Streams an XML file through saxes into `handler`, a chunk at a time, and
 * awaits `afterChunk` between chunks so the caller can write what the chunk
 * produced before more is read (memory stays flat whatever the file's size).
 *
 * Safety: a DOCTYPE is refused outright, so no entity is ever declared, let
 * alone expanded or fetched; saxes itself never reads a DTD, and a reference
 * to an undeclared entity is an error. Bytes that are not UTF-8, or an XML
 * declaration naming another encoding, are errors too. A truncated file fails
 * on its unclosed elements when the stream ends.
 */
export async function readXmlFile(
  file: string,
  handler: XmlHandler,
  afterChunk: (bytesRead: number) => Promise<void>,
): Promise<void> {
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const path: string[] = [];
  const texts: string[] = [];
  const keep: boolean[] = [];
  let failure: ImportError | null = null;
  const fail = (message: string, line: number) => {
    failure ??= new ImportError(message, line);
  };

  // saxes prefixes its messages with the line and column where it found the problem.
  parser.on('error', (error) => {
    const at = /^(\d+):\d+: /.exec(error.message);
    fail(error.message.slice(at?.[0].length ?? 0), at ? Number(at[1]) : parser.line);
  });
  let tagLine = 1;
  parser.on('opentagstart', () => { tagLine = parser.line; });
  parser.on('xmldecl', (decl) => {
    if (decl.encoding !== undefined && !UTF8.test(decl.encoding)) {
      fail(`the file declares the encoding "${decl.encoding}"; natter reads UTF-8 exports (convert it first, e.g. with iconv -t UTF-8)`, parser.line);
    }
  });
  parser.on('doctype', () => fail('a DOCTYPE (entity declarations) is not accepted in an export file', parser.line));
  parser.on('opentag', (tag: SaxesTagPlain) => {
    path.push(tag.name);
    keep.push(handler.wantsText(path));
    texts.push('');
    handler.open(tag.name, tag.attributes, path, tagLine);
  });
  const onText = (text: string) => {
    const last = texts.length - 1;
    if (last >= 0 && keep[last] === true) texts[last] += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag: SaxesTagPlain) => {
    const text = texts.pop() ?? '';
    keep.pop();
    handler.close(tag.name, text, path, parser.line);
    path.pop();
  });

  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let lines = 1;
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (bytes === 0 && chunk.length >= 2 && ((chunk[0] === 0xfe && chunk[1] === 0xff) || (chunk[0] === 0xff && chunk[1] === 0xfe))) {
        throw new ImportError('the file is UTF-16; natter reads UTF-8 exports (convert it first, e.g. with iconv -t UTF-8)', 1);
      }
      bytes += chunk.length;
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        const loose = new TextDecoder('utf-8').decode(chunk);
        const at = loose.indexOf('\uFFFD');
        const line = lines + (at < 0 ? 0 : countLines(loose.slice(0, at)));
        throw new ImportError('bytes that are not UTF-8; natter reads UTF-8 exports (convert it first, e.g. with iconv -t UTF-8)', line);
      }
      lines += countLines(text);
      try {
        parser.write(text);
      } catch (error) {
        // After a syntax error saxes goes on and the handlers may throw too: the first problem is the one to report.
        throw failure ?? error;
      }
      if (failure) throw failure;
      await afterChunk(bytes);
    }
    try {
      decoder.decode();
    } catch {
      throw new ImportError('the file ends inside a UTF-8 character (truncated?)', lines);
    }
    try {
      parser.close();
    } catch (error) {
      throw failure ?? error;
    }
    if (failure) throw failure;
  } finally {
    stream.destroy();
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
