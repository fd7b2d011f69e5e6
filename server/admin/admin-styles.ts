/** The admin page's own small stylesheet: readable, visible focus, no framework. */
export const ADMIN_CSS = `
.natter-admin { max-width: 60rem; margin: 0 auto; padding: 1rem; font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; background: #fff; }
.natter-admin-top { display: flex; align-items: center; justify-content: space-between; gap: 1rem; }
.natter-admin button, .natter-admin input, .natter-admin textarea { font: inherit; }
.natter-admin button { min-height: 2.25rem; padding: 0.25rem 0.75rem; border: 1px solid #555; border-radius: 4px; background: #f4f4f4; color: #1a1a1a; cursor: pointer; }
.natter-admin button:disabled { opacity: 0.6; cursor: default; }
.natter-admin :focus-visible { outline: 3px solid #1d5fd1; outline-offset: 2px; }
.natter-admin input, .natter-admin textarea { border: 1px solid #555; border-radius: 4px; padding: 0.375rem; }
.natter-admin textarea { display: block; width: 100%; box-sizing: border-box; }
.natter-admin label { margin-right: 0.5rem; }
.natter-admin-search { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; margin: 1rem 0; }
.natter-admin-tabs { display: flex; flex-wrap: wrap; gap: 0.25rem; border-bottom: 2px solid #555; }
.natter-admin-tabs [role=tab] { border-radius: 4px 4px 0 0; border-bottom: 0; }
.natter-admin-tabs [aria-selected=true] { background: #1d5fd1; color: #fff; border-color: #1d5fd1; }
.natter-admin-list { list-style: none; margin: 0; padding: 0; }
.natter-admin-comment { border: 1px solid #ccc; border-radius: 6px; padding: 0.75rem 1rem; margin: 0.75rem 0; }
.natter-admin-comment h3 { margin: 0; font-size: 1.05rem; }
.natter-admin-meta { display: grid; grid-template-columns: max-content 1fr; gap: 0 0.75rem; margin: 0.5rem 0; font-size: 0.9rem; }
.natter-admin-meta dt { font-weight: 600; }
.natter-admin-meta dd { margin: 0; overflow-wrap: anywhere; }
.natter-admin-body { unicode-bidi: isolate; overflow-wrap: anywhere; border-left: 3px solid #ddd; padding-left: 0.75rem; }
.natter-admin-actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: 0.75rem; }
.natter-admin-link { border: 0 !important; background: none !important; color: #1d5fd1 !important; text-decoration: underline; padding: 0 !important; min-height: 0 !important; }
.natter-admin-error { color: #a4000f; font-weight: 600; }
.natter-admin-notice { background: #fff4ce; padding: 0.5rem; border-radius: 4px; }
.natter-admin-status { min-height: 1.5em; }
.natter-admin-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
