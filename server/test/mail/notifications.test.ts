import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { createSmtpMailer } from '../../src/mail/mailer';
import { createMailNotifier } from '../../src/mail/mail-notifier';
import { json, postComment, testServer, type TestServer } from '../helpers/server-app';

interface Received { to: string[]; data: string }

let smtp: SMTPServer;
let port = 0;
let received: Received[];
let t: TestServer;

beforeEach(async () => {
  received = [];
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => { data += chunk.toString('utf8'); });
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const address = smtp.server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
  const mailer = createSmtpMailer(`smtp://127.0.0.1:${port}`, 'natter@natter.test');
  t = await testServer({ deps: { notifier: createMailNotifier(mailer, { siteName: 'Test Blog' }) } });
});
afterEach(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function waitFor(count: number): Promise<void> {
  for (let i = 0; i < 100 && received.length < count; i++) await new Promise((r) => setTimeout(r, 50));
}

describe('reply notifications over SMTP', () => {
  it('emails reply subscribers (not the author) with a one-click unsubscribe link that works', async () => {
    await postComment(t.app, { body: 'Tell me about replies', notifyReplies: true, pageTitle: 'Small is beautiful', pageUrl: 'https://blog.example/small' });
    const token = (await (await t.app.request('/api/admin/login', json('POST', { password: 'correct horse battery' }))).json()).token;
    const [first] = await t.storage.exportPage('/post');
    await t.app.request(`/api/admin/comments/${first!.id}/status`, json('POST', { status: 'approved' }, { Authorization: `Bearer ${token}` }));
    const reply = await (await postComment(t.app, { body: 'A *reply* from Bo', parentId: first!.id, guest: { name: 'Bo\r\nBcc: x@evil.example', email: 'bo@example.com' } })).json();
    expect(reply.error?.code).toBe('invalid');
    const ok = await (await postComment(t.app, { body: 'A reply from Bo', parentId: first!.id, guest: { name: 'Bo', email: 'bo@example.com' } })).json();
    await t.app.request(`/api/admin/comments/${ok.comment.id}/status`, json('POST', { status: 'approved' }, { Authorization: `Bearer ${token}` }));
    await waitFor(1);
    expect(received.length).toBe(1);
    const mail = received[0]!;
    expect(mail.to).toEqual(['ada@example.com']);
    expect(mail.data).toMatch(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
    const link = /List-Unsubscribe:\s*<([^>]+)>/.exec(mail.data.replace(/\r?\n[ \t]+/g, ' '))?.[1];
    expect(link).toMatch(/^http:\/\/natter\.test\/api\/unsubscribe\?token=/);
    expect(mail.data).toContain('A reply from Bo');
    const url = new URL(link!);
    const unsub = await t.app.request(`${url.pathname}${url.search}`, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(unsub.status).toBe(200);
    expect(await t.storage.listSubscriptions('replies', '/post')).toEqual([]);
  });
});
