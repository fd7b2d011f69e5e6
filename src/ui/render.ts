// What other natter front ends (the server's admin page) reuse: the safe body
// renderer, the template tag and the http(s) URL check.
export { renderBody } from './render-body';
export { html } from './html';
export { httpUrl } from './http-url';
