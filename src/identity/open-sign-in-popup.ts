import type { ProviderId } from '../model/types';

const POPUP_WIDTH = 500;
const POPUP_HEIGHT = 640;

/**
 * Opens the sign-in popup for `provider`, centred over `win`, at `url` — by
 * default `about:blank`, so that it can open in the very click that asked for
 * it (browsers block popups opened later) and be sent to the server's start
 * page once the sign-in code has loaded. `null` when the browser blocked it.
 */
export function openSignInPopup(
  win: Window, provider: ProviderId, url = 'about:blank', open: typeof window.open = win.open.bind(win),
): Window | null {
  // Browsers read the leading integer of each number and keep the popup on screen.
  const left = win.screenX + (win.outerWidth - POPUP_WIDTH) / 2;
  const top = win.screenY + (win.outerHeight - POPUP_HEIGHT) / 2;
  return open(url, `natter-sign-in-${provider}`, `popup=yes,width=${POPUP_WIDTH},height=${POPUP_HEIGHT},left=${left},top=${top}`);
}
