/**
 * Live fan-out: `readers` Server-Sent Events streams on one page, held by raw
 * sockets (an EventSource per reader would measure the client), then one new
 * comment posted; reports how long each reader waited for it, counted from
 * just before the post was sent.
 */
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';

const READY = 'event: ready';
const COMMENT = 'event: comment';

/** Opens one stream; resolves once its `ready` event arrived. */
function openStream(host, port, path, onComment) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let seen = '';
    let status = '';
    let ready = false;
    let got = false;
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('a live stream did not open in time')); }, 60_000);
    socket.setNoDelay(true);
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nAccept: text/event-stream\r\n\r\n`));
    socket.on('data', (chunk) => {
      if (got) return;
      // Only the tail can hold a marker split across chunks.
      const text = chunk.toString('latin1');
      if (status === '') status = text.slice(0, 12);
      seen = seen.slice(-32) + text;
      if (!ready && seen.includes(READY)) {
        ready = true;
        clearTimeout(timer);
        if (status !== 'HTTP/1.1 200') { socket.destroy(); reject(new Error(`a live stream was refused: ${status}`)); return; }
        resolve(socket);
      } else if (!ready && status !== '' && status !== 'HTTP/1.1 200') {
        clearTimeout(timer);
        socket.destroy();
        reject(new Error(`a live stream was refused: ${text.slice(0, 200)}`));
      }
      if (ready && seen.includes(COMMENT)) {
        got = true;
        onComment(performance.now());
      }
    });
    socket.on('error', (error) => { clearTimeout(timer); reject(error); });
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * @param {{ url: string, pageId: string, readers: number, post: () => Promise<Response> }} options
 * @returns {Promise<{ readers: number, delivered: number, p50: number, p99: number, max: number, openSeconds: number }>}
 */
export async function liveFanout({ url, pageId, readers, post }) {
  const { hostname, port } = new URL(url);
  const path = `/api/events?page=${encodeURIComponent(pageId)}`;
  const arrivals = [];
  const sockets = [];
  const opened = performance.now();
  try {
    // In batches, within the listen backlog.
    for (let i = 0; i < readers; i += 250) {
      const batch = Math.min(250, readers - i);
      sockets.push(...(await Promise.all(Array.from({ length: batch }, () => openStream(hostname, Number(port), path, (t) => arrivals.push(t))))));
    }
    const openSeconds = (performance.now() - opened) / 1000;
    await new Promise((r) => setTimeout(r, 200));
    const sent = performance.now();
    const res = await post();
    if (res.status !== 201) throw new Error(`the live post answered ${res.status}`);
    const deadline = Date.now() + 10_000;
    while (arrivals.length < readers && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const waits = arrivals.map((t) => t - sent).sort((a, b) => a - b);
    // A reader that never got it counts as waiting forever.
    const padded = [...waits, ...Array(readers - waits.length).fill(Infinity)];
    return { readers, delivered: waits.length, p50: percentile(padded, 50), p99: percentile(padded, 99), max: padded[padded.length - 1], openSeconds };
  } finally {
    for (const s of sockets) s.destroy();
  }
}
