import { Hono } from 'hono';
import type { CountsResponse } from 'natter/protocol';
import { invalid } from '../http/api-error';
import { pageParam } from '../http/parse-with';
import type { Services } from '../services';

/** Most pages one counts request may ask about. */
export const MAX_COUNT_PAGES = 100;

/**
 * The listing-page script: fills every `[data-natter-count="<pageId>"]` with
 * the page's comment count (`data-natter-one` / `data-natter-many` templates
 * with `{n}` are optional), asking the server it was loaded from.
 */
export const COUNT_SCRIPT = `(function(){"use strict";
var s=document.currentScript;if(!s||!s.src)return;var base=new URL(s.src).origin;
function run(){var els=[].slice.call(document.querySelectorAll("[data-natter-count]"));
var ids=[];els.forEach(function(e){var id=e.getAttribute("data-natter-count");if(id&&ids.indexOf(id)<0)ids.push(id);});
for(var i=0;i<ids.length;i+=100){(function(chunk){
var q=chunk.map(function(id){return "page="+encodeURIComponent(id);}).join("&");
fetch(base+"/api/counts?"+q,{credentials:"omit"}).then(function(r){return r.ok?r.json():null;}).then(function(d){
if(!d||!d.counts)return;els.forEach(function(e){var n=d.counts[e.getAttribute("data-natter-count")];
if(typeof n!=="number")return;var t=e.getAttribute(n===1?"data-natter-one":"data-natter-many");
e.textContent=t?t.split("{n}").join(String(n)):String(n);});}).catch(function(){});
})(ids.slice(i,i+100));}}
if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",run);else run();})();
`;

/** `GET /api/counts?page=a&page=b…` and `GET /count.js`. */
export function countRoutes(s: Services): Hono {
  const app = new Hono();
  app.get('/api/counts', async (c) => {
    const pages = c.req.queries('page') ?? [];
    if (pages.length === 0) throw invalid('At least one page is required', 'page');
    if (pages.length > MAX_COUNT_PAGES) throw invalid(`At most ${MAX_COUNT_PAGES} pages per request`, 'page');
    const ids = [...new Set(pages.map((p) => pageParam(p)))];
    const counts = await s.storage.countApproved(ids);
    const body: CountsResponse = { counts: Object.fromEntries(ids.map((id) => [id, counts[id] ?? 0])) };
    c.header('Cache-Control', 'public, max-age=30');
    return c.json(body);
  });
  app.get('/count.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(COUNT_SCRIPT);
  });
  return app;
}
