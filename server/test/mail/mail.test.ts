import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createLogMailer, createMemoryMailer, createSmtpMailer, headerValue, MailError, type MailMessage,
} from '../../src/mail/mailer';
import { newPostNotification, replyNotification, type ReplyNotice } from '../../src/mail/notifications';

interface Delivered {
  from: string;
  rcptTo: string[];
  raw: string;
}

/** A real SMTP server on loopback that keeps every message it receives. */
let smtp: SMTPServer;
let smtpUrl: string;
let delivered: Delivered[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        delivered.push({ from, rcptTo: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

beforeEach(() => {
  delivered = [];
});

// ——— a small MIME reader, enough for what nodemailer writes ———

function decodeWords(value: string): string {
  return value.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_, kind: string, text: string) =>
    kind.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  ).trim();
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i];
    if (c === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

interface Part {
  headers: Map<string, string[]>;
  /** Header lines as received, unfolded. */
  headerLines: string[];
  body: string;
}

function parsePart(raw: string): Part {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? '' : raw.slice(split + 4);
  const headerLines = head.replace(/\r\n[ \t]+/g, ' ').split('\r\n').filter((l) => l !== '');
  const headers = new Map<string, string[]>();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return { headers, headerLines, body };
}

function header(part: Part, name: string): string | undefined {
  const value = part.headers.get(name.toLowerCase())?.[0];
  return value === undefined ? undefined : decodeWords(value);
}

function decodeBody(part: Part): string {
  const encoding = header(part, 'content-transfer-encoding')?.toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return part.body;
}

/** The message's top-level headers and its decoded text and HTML parts. */
function readMessage(raw: string): { top: Part; text: string; html: string | undefined } {
  const top = parsePart(raw);
  const type = header(top, 'content-type') ?? '';
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  if (boundary === undefined) return { top, text: decodeBody(top), html: undefined };
  const parts = top.body.split(`--${boundary}`).slice(1, -1).map((p) => parsePart(p.replace(/^\r\n/, '')));
  const find = (t: string) => parts.find((p) => (header(p, 'content-type') ?? '').startsWith(t));
  const text = find('text/plain');
  const html = find('text/html');
  return { top, text: text ? decodeBody(text).replace(/\r\n/g, '\n') : '', html: html ? decodeBody(html).replace(/\r\n/g, '\n') : undefined };
}

async function deliver(message: MailMessage, from = 'Blog <comments@blog.example>') {
  await createSmtpMailer(smtpUrl, from).send(message);
  expect(delivered).toHaveLength(1);
  const [only] = delivered;
  if (!only) throw new Error('nothing delivered');
  return { envelope: only, ...readMessage(only.raw) };
}

const reply: ReplyNotice = {
  to: 'reader@example.com',
  siteName: 'Small Ideas',
  pageTitle: 'Small is beautiful?',
  pageUrl: 'https://blog.example/small',
  commentAuthor: 'Ada Lovelace',
  commentText: 'I agree with **most** of it.\n\nBut not all.',
  commentUrl: 'https://blog.example/small#comment-42',
  unsubscribeUrl: 'https://comments.example/api/unsubscribe?token=unsub-token-123',
};

describe('createSmtpMailer', () => {
  it('delivers a reply notification with its text, HTML and one-click unsubscribe headers', async () => {
    const { envelope, top, text, html } = await deliver(replyNotification(reply));
    expect(envelope.from).toBe('comments@blog.example');
    expect(envelope.rcptTo).toEqual(['reader@example.com']);
    expect(header(top, 'to')).toBe('reader@example.com');
    expect(header(top, 'subject')).toBe('[Small Ideas] New comment on “Small is beautiful?”');
    expect(header(top, 'list-unsubscribe')).toBe('<https://comments.example/api/unsubscribe?token=unsub-token-123>');
    expect(header(top, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(text).toContain('Ada Lovelace commented on “Small is beautiful?”:');
    expect(text).toContain('I agree with **most** of it.\n\nBut not all.');
    expect(text).toContain('Read it and reply: https://blog.example/small#comment-42');
    expect(text).toContain('Stop these emails: https://comments.example/api/unsubscribe?token=unsub-token-123');
    expect(html).toContain('<strong>Ada Lovelace</strong> commented on “Small is beautiful?”');
    expect(html).toContain('<a href="https://blog.example/small#comment-42">Read it and reply</a>');
  });

  it('delivers a new-post notification', async () => {
    const { top, text, html } = await deliver(newPostNotification({
      to: 'reader@example.com', siteName: 'Small Ideas', postTitle: 'The Big Society, revisited',
      postUrl: 'https://blog.example/big', excerpt: 'Two years on…', unsubscribeUrl: 'https://comments.example/u?t=abc',
    }));
    expect(header(top, 'subject')).toBe('[Small Ideas] New post: The Big Society, revisited');
    expect(header(top, 'list-unsubscribe')).toBe('<https://comments.example/u?t=abc>');
    expect(header(top, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(text).toContain('Small Ideas published “The Big Society, revisited”.');
    expect(text).toContain('Two years on…');
    expect(text).toContain('Read it: https://blog.example/big');
    expect(html).toContain('<a href="https://blog.example/big">Read it</a>');
  });

  it('keeps CR and LF in names and titles out of the headers', async () => {
    const { envelope, top } = await deliver(replyNotification({
      ...reply,
      siteName: 'Blog\r\nBcc: victim@evil.example',
      pageTitle: 'Title\nX-Injected: yes\r\n\r\n<script>alert(1)</script>',
      commentAuthor: 'Eve\r\nCc: other@evil.example',
    }));
    expect(envelope.rcptTo).toEqual(['reader@example.com']);
    const names = top.headerLines.map((line) => line.slice(0, line.indexOf(':')).toLowerCase());
    expect(names).not.toContain('bcc');
    expect(names).not.toContain('cc');
    expect(names).not.toContain('x-injected');
    expect(header(top, 'subject')).toBe('[Blog Bcc: victim@evil.example] New comment on “Title X-Injected: yes <script>alert(1)</script>”');
  });

  it('keeps CR and LF in extra header values on one line', async () => {
    const { envelope, top } = await deliver({
      to: 'reader@example.com', subject: 'Hi\r\nBcc: victim@evil.example', text: 'x',
      headers: { 'X-Note': 'a\r\nBcc: victim@evil.example\nX-Other: 1' },
    });
    expect(envelope.rcptTo).toEqual(['reader@example.com']);
    const names = top.headerLines.map((line) => line.slice(0, line.indexOf(':')).toLowerCase());
    expect(names).not.toContain('bcc');
    expect(names).not.toContain('x-other');
    expect(header(top, 'x-note')).toBe('a Bcc: victim@evil.example X-Other: 1');
  });

  it('refuses recipients that are not one plain address, and sends nothing', async () => {
    const mailer = createSmtpMailer(smtpUrl, 'comments@blog.example');
    const recipients = [
      'reader@example.com\r\nBcc: victim@evil.example',
      'reader@example.com, victim@evil.example',
      'Reader <reader@example.com>',
      'reader@example.com\n',
      '"a\r\nb"@example.com',
      'not-an-address',
      '',
    ];
    for (const to of recipients) {
      await expect(mailer.send({ to, subject: 's', text: 't' })).rejects.toBeInstanceOf(MailError);
    }
    expect(delivered).toEqual([]);
  });

  it('refuses header names that could add recipients or break the header block', async () => {
    const mailer = createSmtpMailer(smtpUrl, 'comments@blog.example');
    for (const name of ['Bcc', 'cc', 'To', 'From', 'Subject', 'Content-Type', 'X-A\r\nBcc', 'X A', 'X:A', '']) {
      await expect(mailer.send({ to: 'reader@example.com', subject: 's', text: 't', headers: { [name]: 'v' } }))
        .rejects.toBeInstanceOf(MailError);
    }
    expect(delivered).toEqual([]);
  });

  it('fails with a MailError when the SMTP server cannot be reached', async () => {
    const closed = new SMTPServer({ logger: false });
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const mailer = createSmtpMailer(`smtp://127.0.0.1:${port}`, 'comments@blog.example', { connectTimeoutMs: 2000 });
    await expect(mailer.send({ to: 'reader@example.com', subject: 's', text: 't' })).rejects.toBeInstanceOf(MailError);
  });

  it('refuses URLs that are not SMTP', () => {
    expect(() => createSmtpMailer('http://127.0.0.1:25', 'a@b.example')).toThrow(MailError);
    expect(() => createSmtpMailer('not a url', 'a@b.example')).toThrow(MailError);
  });
});

describe('replyNotification', () => {
  it('escapes names, titles and bodies in the HTML part', () => {
    const message = replyNotification({
      ...reply,
      siteName: '<b>Site</b>',
      pageTitle: '"><img src=x onerror=alert(1)>',
      commentAuthor: '<script>alert(1)</script>',
      commentText: '<iframe src="https://evil.example"></iframe>\n& <a href="javascript:alert(1)">x</a>',
    });
    const html = message.html ?? '';
    expect(html).not.toMatch(/<(script|img|iframe|b)[\s>]/);
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('&#34;&#62;&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('&#60;iframe src=&#34;https://evil.example&#34;&#62;&#60;/iframe&#62;<br>&#38; &#60;a');
  });

  it('links only to http(s) pages and comments', () => {
    const message = replyNotification({ ...reply, commentUrl: 'javascript:alert(1)', pageUrl: 'data:text/html,x' });
    expect(message.text).not.toContain('Read it and reply');
    expect(message.html).not.toContain('javascript:');
    expect(message.html).not.toContain('data:');
    const fallback = replyNotification({ ...reply, commentUrl: null });
    expect(fallback.text).toContain('Read it and reply: https://blog.example/small');
  });

  it('carries no secret but the unsubscribe token', () => {
    const message = replyNotification(reply);
    const everything = JSON.stringify(message);
    const urls = everything.match(/https?:\/\/[^\s"<>\\]+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set([
      'https://blog.example/small#comment-42',
      'https://comments.example/api/unsubscribe?token=unsub-token-123',
    ]));
  });

  it('refuses an unsubscribe link that is not http(s)', () => {
    expect(() => replyNotification({ ...reply, unsubscribeUrl: 'javascript:alert(1)' })).toThrow(MailError);
    expect(() => replyNotification({ ...reply, unsubscribeUrl: '/relative' })).toThrow(MailError);
  });

  it('quotes long comments in part and keeps the subject short', () => {
    const message = replyNotification({ ...reply, commentText: 'x'.repeat(5000), pageTitle: 'T'.repeat(500) });
    expect(message.text).toContain(`${'x'.repeat(1999)}…`);
    expect(message.text).not.toContain('x'.repeat(2000));
    expect(Array.from(message.subject).length).toBe(200);
  });
});

describe('headerValue', () => {
  it('puts every control character and line separator on one line', () => {
    expect(headerValue('a\r\nb\nc\rd\u0000e\u2028f\u0085g\th')).toBe('a b c d e f g h');
  });
});

describe('createLogMailer', () => {
  it('logs the message without its unsubscribe link', async () => {
    const lines: string[] = [];
    await createLogMailer((line) => lines.push(line)).send(replyNotification(reply));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('mail to reader@example.com: [Small Ideas] New comment on “Small is beautiful?”');
    expect(lines[0]).toContain('Stop these emails: [unsubscribe link]');
    expect(lines[0]).not.toContain('unsub-token-123');
  });
});

describe('createMemoryMailer', () => {
  it('keeps what it sends, checked like the SMTP mailer', async () => {
    const mailer = createMemoryMailer();
    await mailer.send(replyNotification(reply));
    expect(mailer.messages).toHaveLength(1);
    expect(mailer.messages[0]?.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    await expect(mailer.send({ to: 'a@b.example\r\nBcc: c@d.example', subject: 's', text: 't' })).rejects.toBeInstanceOf(MailError);
    expect(mailer.messages).toHaveLength(1);
  });
});
