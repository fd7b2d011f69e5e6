/**
 * Runs `task` when the browser is idle (at the latest after `timeoutMs`);
 * returns a function that cancels it. Browsers without `requestIdleCallback`
 * wait `timeoutMs / 2`.
 */
export function whenIdle(task: () => void, timeoutMs = 3000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(task, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, timeoutMs / 2);
  return () => clearTimeout(id);
}
