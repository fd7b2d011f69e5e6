import { render } from 'preact';
import { html } from 'natter/render';
import { AdminApp } from './admin-app';
import { createAdminApi } from './admin-api';
import { ADMIN_CSS } from './admin-styles';
import { sessionTokenStore } from './token-store';

/**
 * Entry of `dist/admin.js`: mounts the admin page into `#natter-admin`, talking
 * to the natter server it was loaded from.
 */
export function mountAdmin(root: HTMLElement, baseUrl = ''): void {
  const style = document.createElement('style');
  style.textContent = ADMIN_CSS;
  document.head.append(style);
  root.textContent = '';
  render(html`<${AdminApp} api=${createAdminApi({ baseUrl })} tokens=${sessionTokenStore()} />`, root);
}

const root = typeof document === 'undefined' ? null : document.getElementById('natter-admin');
if (root) mountAdmin(root);
