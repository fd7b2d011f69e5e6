/**
 * Sends a post that could not leave this browser ("not sent yet") now when
 * the browser is online (the page came back after a reload), else at its next
 * `online` event. The draft's idempotency key makes a send that reached the
 * server before the connection dropped count once. Returns what stops the wait.
 * @example useEffect(() => (queued ? sendWhenOnline(send) : undefined), [queued])
 */
export function sendWhenOnline(send: () => void): () => void {
  if (navigator.onLine) {
    send();
    return () => {};
  }
  addEventListener('online', send, { once: true });
  return () => removeEventListener('online', send);
}
