import { createTransport } from 'nodemailer';

/** One email to one recipient. */
export interface MailMessage {
  /** One address (`ada@example.com`); never a list. */
  to: string;
  subject: string;
  /** The plain-text body. */
  text: string;
  /** The HTML alternative, already escaped by its builder. */
  html?: string;
  /** Extra headers (`List-Unsubscribe`…); the structural ones cannot be set here. */
  headers?: Record<string, string>;
}

/** Sends emails. Implementations never put CR or LF from a field into a header. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** A message the mailer refuses to send (bad address or header), or a failed delivery. */
export class MailError extends Error {
  override readonly name = 'MailError';
}

/** Headers a message may not set: they are the mailer's own or would add recipients. */
const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'from', 'to', 'cc', 'bcc', 'subject', 'sender', 'reply-to', 'return-path', 'date', 'message-id',
  'mime-version', 'content-type', 'content-transfer-encoding', 'content-disposition',
]);

const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,76}$/;
// One plain address: no display name, comments, groups, quotes, brackets or spaces.
const ADDRESS = /^[^\s@<>()",;:\\[\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;

/** A header value on one line: every control character (CR, LF, NUL…) and line separator becomes a space. */
export function headerValue(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').trim();
}

/** True for one plain email address, nothing around it. */
export function isPlainAddress(value: string): boolean {
  return value.length <= 254 && ADDRESS.test(value);
}

/** Checks a message and returns it with every header on one line; throws {@link MailError} when it cannot be sent safely. */
export function checkedMessage(message: MailMessage): MailMessage {
  if (!isPlainAddress(message.to)) throw new MailError('send mail: the recipient is not one plain email address');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (!HEADER_NAME.test(name)) throw new MailError(`send mail: invalid header name ${JSON.stringify(name.slice(0, 40))}`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw new MailError(`send mail: header ${name} cannot be set`);
    headers[name] = headerValue(value);
  }
  const checked: MailMessage = { to: message.to, subject: headerValue(message.subject), text: message.text, headers };
  if (message.html !== undefined) checked.html = message.html;
  return checked;
}

/** Options for {@link createSmtpMailer}. */
export interface SmtpOptions {
  /** Longest wait for the connection and the greeting, in ms. @default 10000 */
  connectTimeoutMs?: number;
  /** Longest silence on the connection, in ms. @default 30000 */
  socketTimeoutMs?: number;
}

/**
 * Sends over SMTP with nodemailer. `url` is `smtp://user:pass@host:587` (STARTTLS
 * when offered) or `smtps://…:465`; nodemailer's query options work too
 * (`?requireTLS=true`). `from` is the sender address (`natter@blog.example`
 * or `Blog <natter@blog.example>`).
 *
 * @example createSmtpMailer(process.env.SMTP_URL, 'Blog <comments@blog.example>')
 */
export function createSmtpMailer(url: string, from: string, options: SmtpOptions = {}): Mailer {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new MailError('create SMTP mailer: the SMTP URL does not parse', { cause });
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new MailError(`create SMTP mailer: the SMTP URL must start with smtp: or smtps:, not ${parsed.protocol}`);
  }
  const sender = headerValue(from);
  if (sender === '') throw new MailError('create SMTP mailer: the sender address is empty');
  const connectTimeout = options.connectTimeoutMs ?? 10_000;
  const transport = createTransport({
    url,
    connectionTimeout: connectTimeout,
    greetingTimeout: connectTimeout,
    socketTimeout: options.socketTimeoutMs ?? 30_000,
  });
  return {
    async send(message) {
      const checked = checkedMessage(message);
      try {
        await transport.sendMail({
          from: sender,
          to: checked.to,
          subject: checked.subject,
          text: checked.text,
          ...(checked.html === undefined ? {} : { html: checked.html }),
          headers: checked.headers,
          // Message content never names files or URLs for nodemailer to read.
          disableFileAccess: true,
          disableUrlAccess: true,
        });
      } catch (cause) {
        throw new MailError(`send mail over SMTP to ${parsed.hostname}:${parsed.port || 'default port'} failed`, { cause });
      }
    },
  };
}

/**
 * Development mailer: writes each message to `log` instead of sending it. The
 * unsubscribe link is left out (it carries a token, and tokens stay out of logs).
 *
 * @default log console.log
 */
export function createLogMailer(log: (line: string) => void = console.log): Mailer {
  return {
    async send(message) {
      const checked = checkedMessage(message);
      const unsubscribe = /^<([^>]*)>/.exec(checked.headers?.['List-Unsubscribe'] ?? '')?.[1];
      const text = unsubscribe ? checked.text.split(unsubscribe).join('[unsubscribe link]') : checked.text;
      log(`mail to ${checked.to}: ${checked.subject}\n${text}`);
    },
  };
}

/** A mailer that keeps what it was asked to send, for tests. */
export interface MemoryMailer extends Mailer {
  /** Every message sent so far, checked as the SMTP mailer checks them, oldest first. */
  readonly messages: MailMessage[];
}

/** Test mailer: keeps messages in {@link MemoryMailer.messages}. */
export function createMemoryMailer(): MemoryMailer {
  const messages: MailMessage[] = [];
  return {
    messages,
    async send(message) {
      messages.push(checkedMessage(message));
    },
  };
}
