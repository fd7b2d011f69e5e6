import { h } from 'preact';
import htm from 'htm';

/** The one htm binding of the project: `html\`<div>…</div>\`` builds preact vnodes. */
export const html = htm.bind(h);
