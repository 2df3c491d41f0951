// A generated list of XSS payloads for the browser tests (xss.e2e.js). Every payload carries
// its own number in whatever would run or load if a page ever parsed it as markup:
//   - script:   a call of the trap `__xss(n)` (the test defines it), or alert/confirm/prompt(n)
//   - network:  a request to `/xss-probe/n` (the test watches every request)
// so a hit names the payload that got through. Vectors are the classic families (script tags,
// event handlers on many tags, javascript:/data:/vbscript: URLs, SVG/MathML, template, style,
// iframe/srcdoc, entity/unicode/case/whitespace obfuscation, attribute and element breakouts,
// polyglots, very long strings, bidi overrides), each combined with a few text contexts.
//
// Sources of inspiration (vectors rewritten for the trap): the OWASP XSS filter evasion cheat
// sheet, PortSwigger's XSS cheat sheet, the HTML5 Security Cheatsheet, well-known polyglots.

/** The function every would-be script calls. */
export const TRAP = '__xss';
/** The path every would-be resource load requests. */
export const PROBE = '/xss-probe/';

/**
 * Ways to call the trap (and dialogs), so filters that look for one spelling are not enough.
 * @type {Array<(n: number) => string>}
 */
const CALLS = [
  (n) => `__xss(${n})`,
  (n) => `top.__xss(${n})`,
  (n) => `window['__x'+'ss'](${n})`,
  (n) => `alert(${n})`,
  (n) => `eval('__xss(${n})')`,
  (n) => `(()=>__xss(${n}))()`,
  (n) => `self[atob('X194c3M=')](${n})`,
  (n) => `Function('__xss(${n})')()`,
  (n) => `confirm(${n})`,
  (n) => `setTimeout('__xss(${n})')`,
  (n) => `prompt(${n})`,
  (n) => `fetch('${PROBE}${n}')`,
  (n) => `parent.__xss(${n})`,
  (n) => `[${n}].map(__xss)`,
  (n) => `__xss\`${n}\``,
  (n) => `new Image().src='${PROBE}${n}'`,
];

/** @param {string} s */
const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');
/** @param {string} s every character as a decimal entity */
const decEntities = (s) => [...s].map((c) => `&#${c.codePointAt(0)};`).join('');
/** @param {string} s every character as a hex entity, no semicolons */
const hexEntities = (s) => [...s].map((c) => `&#x${c.codePointAt(0).toString(16)}`).join('');
/** @param {string} s */
const charCodes = (s) => [...s].map((c) => c.codePointAt(0)).join(',');

/**
 * A vector: makes the payload text from the call `c` (a JS expression) and the probe URL `p`.
 * @typedef {{family: string, make: (c: string, p: string, n: number) => string}} Vector
 */

/** @type {Vector[]} */
const VECTORS = [];
/**
 * @param {string} family
 * @param {Array<(c: string, p: string, n: number) => string>} makers
 */
const add = (family, makers) => makers.forEach((make) => VECTORS.push({ family, make }));

add('script-tag', [
  (c) => `<script>${c}</script>`,
  (c) => `<SCRIPT>${c}</SCRIPT>`,
  (_c, p) => `<script src="${p}.js"></script>`,
  (c) => `<script src="data:text/javascript,${encodeURIComponent(c)}"></script>`,
  (c) => `<script/xss>${c}</script>`,
  (c) => `<script\n>${c}</script\n>`,
  (c) => `<scr<script>ipt>${c}</scr</script>ipt>`,
  (c) => `<<script>${c}//<</script>`,
  (c) => `<script>/*</script><script>*/${c}</script>`,
  (c) => `<script type="module">${c}</script>`,
  (c) => `<script>document.write('<img src=x onerror=${c}>')</script>`,
  (c) => `</script><script>${c}</script>`,
  (c) => `<script async defer>setTimeout(()=>{${c}})</script>`,
  (_c, _p, n) => `<script src=//127.0.0.2:1${PROBE}${n}></script>`,
  (c) => `<script>{{${c}}}</script>`,
  (c) => `<script type="text/javascript">//<![CDATA[\n${c}\n//]]></script>`,
]);

/** Tags with the event handler that fires on them without a click. */
const HANDLERS = [
  ['img src=x', 'onerror'],
  ['svg', 'onload'],
  ['body', 'onload'],
  ['body', 'onpageshow'],
  ['iframe', 'onload'],
  ['input autofocus', 'onfocus'],
  ['select autofocus', 'onfocus'],
  ['textarea autofocus', 'onfocus'],
  ['keygen autofocus', 'onfocus'],
  ['button autofocus', 'onfocus'],
  ['details open', 'ontoggle'],
  ['video src=x', 'onerror'],
  ['audio src=x', 'onerror'],
  ['video><source src=x', 'onerror'],
  ['marquee', 'onstart'],
  ['object data=x', 'onerror'],
  ['embed src=x', 'onerror'],
  ['style', 'onload'],
  ['link rel=stylesheet href=x', 'onerror'],
  ['a href=# autofocus', 'onfocus'],
  ['div tabindex=1 autofocus', 'onfocusin'],
  ['div', 'onpointerenter'],
  ['div', 'onmouseover'],
  ['span', 'onanimationstart'],
  ['frameset', 'onload'],
  ['input type=image src=x', 'onerror'],
  ['image src=x', 'onerror'],
  ['math', 'onmouseover'],
  ['xss tabindex=1 autofocus', 'onfocus'],
  ['svg><animate attributeName=x dur=1s', 'onbegin'],
  ['svg><set attributeName=x to=1', 'onbegin'],
  ['dialog open', 'onclose'],
  ['track src=x default', 'onerror'],
  ['picture><img src=x', 'onerror'],
  ['div contenteditable autofocus', 'onfocus'],
  ['meter value=1', 'onmouseover'],
  ['form><button', 'onclick'],
  ['iframe srcdoc=x', 'onload'],
  ['body', 'onhashchange'],
  ['html', 'onmouseover'],
  ['table background=x', 'onerror'],
  ['video poster=x', 'onerror'],
  ['svg><discard', 'onbegin'],
  ['audio controls autoplay', 'onplay'],
  ['input type=text autofocus', 'onfocusin'],
];
add(
  'event-handler',
  HANDLERS.flatMap(([tag, ev], i) => [
    (c) => `<${tag} ${ev}=${c}>`,
    (c) =>
      i % 2
        ? `<${tag.toUpperCase()} ${ev.toUpperCase()}="${c}">x</${tag.split(/[\s>]/)[0]}>`
        : `<${tag} ${ev}='${c}'>`,
  ]),
);

add('url-scheme', [
  (c) => `<a href="javascript:${c}">click me</a>`,
  (c) => `<a href="JaVaScRiPt:${c}">x</a>`,
  (c) => `<a href="java&#x09;script:${c}">x</a>`,
  (c) => `<a href="${decEntities('javascript:')}${c}">x</a>`,
  (c) => `<a href="${hexEntities('javascript:')}${c}">x</a>`,
  (c) => `<a href=" &#14; javascript:${c}">x</a>`,
  (c) => `<iframe src="javascript:${c}"></iframe>`,
  (c) => `<iframe src="data:text/html,<script>parent.${c}</script>"></iframe>`,
  (c) => `<object data="data:text/html;base64,${b64(`<script>parent.${c}</script>`)}"></object>`,
  (c) =>
    `<embed src="data:image/svg+xml;base64,${b64(
      `<svg xmlns="http://www.w3.org/2000/svg" onload="parent.${c}"/>`,
    )}">`,
  (c) => `<form action="javascript:${c}"><button>go</button></form>`,
  (c) => `<button formaction="javascript:${c}">x</button>`,
  (_c, _p, n) => `<a href="vbscript:msgbox(${n})">x</a>`,
  (c) => `<a href="data:text/html,<script>${c}</script>">x</a>`,
  (c) => `<math><a xlink:href="javascript:${c}">x</a></math>`,
  (c) => `<svg><a href="javascript:${c}"><text y=20>x</text></a></svg>`,
  (c) => `<meta http-equiv="refresh" content="0;url=javascript:${c}">`,
  (c) => `<base href="javascript:${c}//">`,
  (c) => `<img src="javascript:${c}">`,
  (c) => `<input type=image src="javascript:${c}">`,
  (c) => `javascript:${c}`,
  (c) => `javascript://%0a${c}`,
  (c) => `JAVASCRIPT:${c.toUpperCase()}`,
  (c) => `data:text/html;base64,${b64(`<script>${c}</script>`)}`,
  (_c, _p, n) => `vbscript:msgbox(${n})`,
  (c) => `https://example.org/"><script>${c}</script>`,
  (c) => `http://x.example/?q=<img src=x onerror=${c}>`,
  (c) => `https://example.org/#"onmouseover="${c}"`,
  (c) => `[click](javascript:${c})`,
  (c) => `<https://a.example/"onmouseover="${c}">`,
  (c) => `https://user:pw@example.org/ javascript:${c}`,
  (_c, p) => `http://127.0.0.1${p}`,
]);

add('svg-mathml', [
  (c) => `<svg><script>${c}</script></svg>`,
  (c) => `<svg><script href="data:,${c}"/></svg>`,
  (c) => `<svg/onload=${c}>`,
  (c) =>
    `<svg><animate attributeName=href values=javascript:${c} /><a id=x><text y=9>x</text></a></svg>`,
  (c) => `<svg><set attributeName=onload to=${c} /></svg>`,
  (c) =>
    `<svg><foreignObject><iframe srcdoc="<script>parent.${c}</script>"></iframe></foreignObject></svg>`,
  (c) =>
    `<svg><use href="data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='x' onerror='${c}'/></svg>#x"/></svg>`,
  (c) => `<math><mtext><table><mglyph><style><img src=x onerror=${c}>`,
  (c) => `<math><maction actiontype="statusline#" xlink:href="javascript:${c}">x</maction></math>`,
  (c) => `<svg><style><img src=x onerror=${c}></style></svg>`,
  (c) => `<svg><title><img src=x onerror=${c}></title></svg>`,
  (c) => `<math><mi xlink:href="data:x,<script>${c}</script>">x</mi></math>`,
  (c) => `<svg><image href=x onerror=${c} /></svg>`,
  (c) =>
    `<svg><handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">${c}</handler></svg>`,
  (c) => `<noscript><p title="</noscript><img src=x onerror=${c}>">`,
  (c) => `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${c}>`,
  (c) => `<svg><desc><![CDATA[</desc><script>${c}</script>]]></svg>`,
  (c) => `<svg xmlns="http://www.w3.org/2000/svg"><g onload="${c}"/></svg>`,
]);

add('embed-style', [
  (c) => `<template><img src=x onerror=${c}></template>`,
  (c) => `<div><template shadowrootmode="open"><img src=x onerror=${c}></template></div>`,
  (_c, p) => `<style>@import "${p}";</style>`,
  (_c, p) => `<style>*{background:url("${p}")}</style>`,
  (_c, p) => `<link rel=stylesheet href="${p}">`,
  (_c, p) => `<link rel=preload as=image href="${p}">`,
  (c) => `<iframe srcdoc="<script>parent.${c}</script>"></iframe>`,
  (c) => `<iframe srcdoc="&lt;img src=x onerror=parent.${c}&gt;"></iframe>`,
  (_c, p) => `<iframe src="${p}"></iframe>`,
  (_c, p) => `<object data="${p}"></object>`,
  (_c, p) => `<embed src="${p}">`,
  (_c, p) => `<video poster="${p}"></video>`,
  (_c, p) => `<img srcset="${p} 1x">`,
  (_c, p) => `<picture><source srcset="${p}"><img></picture>`,
  (_c, p) => `<div style="background-image:url(${p})">x</div>`,
  (c) => `<div style="width:expression(${c})">x</div>`,
  (_c, p) => `<style>body{-moz-binding:url(${p})}</style>`,
  (c) => `<xmp><img src=x onerror=${c}></xmp>`,
  (c) => `<textarea><img src=x onerror=${c}></textarea>`,
  (c) => `<noembed><img src=x onerror=${c}></noembed>`,
  (c) => `<plaintext><img src=x onerror=${c}>`,
  (_c, p) => `<portal src="${p}"></portal>`,
  (c) => `<frameset><frame src="javascript:${c}"></frameset>`,
  (_c, p) => `<iframe src="${p}" sandbox></iframe>`,
  (_c, p) => `<img src="${p}">`,
  (_c, p) => `<audio src="${p}" autoplay></audio>`,
  (_c, p) => `<input type=image src="${p}">`,
  (_c, p) => `<body background="${p}">`,
  (_c, p) => `<svg><image href="${p}"/></svg>`,
]);

add('obfuscation', [
  (c) => `&lt;script&gt;${c}&lt;/script&gt;`,
  (c) => `&#60;img src=x onerror=${c}&#62;`,
  (c) => `\\u003cimg src=x onerror=${c}\\u003e`,
  (c) => `%3Cscript%3E${encodeURIComponent(c)}%3C/script%3E`,
  (c) => `＜script＞${c}＜/script＞`,
  (c) => `<ScRiPt>${c}</sCrIpT>`,
  (c) => `<img\tsrc=x\tonerror=${c}>`,
  (c) => `<img\nsrc=x\nonerror=${c}>`,
  (c) => `<img/src=x/onerror=${c}>`,
  (c) => `<img src=x onerror\x0b=${c}>`,
  (c) => `<img src=x onerror=${decEntities(c)}>`,
  (c) => `<img src=x onerror="${hexEntities(c)}">`,
  (c) => `<img src=x onerror=eval(String.fromCharCode(${charCodes(c)}))>`,
  (c) => `<img src=x onerror=eval(atob('${b64(c)}'))>`,
  (_c, _p, n) => `<img src=x:__xss(${n}) onerror=eval(src.slice(2))>`,
  (c) => `<img """><script>${c}</script>">`,
  (c) => `<scr\u200Bipt>${c}</script>`,
  (c) => `<scri\u0000pt>${c}</script>`,
  (c) => `<%00script>${c}</script>`,
  (c) => `<img src=x onerror=${c}//`,
  (c) => `<img src=x onerror=${c} <!--`,
  (c) => `<!--<img src="--><img src=x onerror=${c}//">`,
  (c) => `<![CDATA[<script>${c}</script>]]>`,
  (c) => `<?xml version="1.0"?><script>${c}</script>`,
  (c) => `<!DOCTYPE html><script>${c}</script>`,
  (c) => `+ADw-script+AD4-${c}+ADw-/script+AD4-`,
  (c) => `%C0%BCscript%C0%BE${c}%C0%BC/script%C0%BE`,
  (c) => `<IMG SRC=x ONERROR=${c}>`,
  (c) => `<img src=x one\u0000rror=${c}>`,
  (c) => `<img src=x onerror = ${c} >`,
  (c) => `<img src=x onerror=${c.replace(/\(/g, '&#40;').replace(/\)/g, '&#41;')}>`,
  (c) => `<a href="jav&#x0A;ascript:${c}">x</a>`,
  (c) => `<a href="&#x6A;avascript:${c}">x</a>`,
  (c) => `<img src=\`x\`onerror=${c}>`,
  (c) => `<svg><script>${c.replace(/\(/g, '&lpar;').replace(/\)/g, '&rpar;')}</script></svg>`,
]);

add('breakout', [
  (c) => `"><script>${c}</script>`,
  (c) => `'><img src=x onerror=${c}>`,
  (c) => `"/><svg onload=${c}>`,
  (c) => `\`><img src=x onerror=${c}>`,
  (c) => `--><script>${c}</script>`,
  (c) => `]]><script>${c}</script>`,
  (c) => `</textarea><script>${c}</script>`,
  (c) => `</title><script>${c}</script>`,
  (c) => `</style><script>${c}</script>`,
  (c) => `</script><svg onload=${c}>`,
  (c) => `</noscript><img src=x onerror=${c}>`,
  (c) => `</template><img src=x onerror=${c}>`,
  (c) => `" onmouseover="${c}" x="`,
  (c) => `' onfocus='${c}' autofocus='`,
  (c) => `" autofocus onfocus="${c}`,
  (c) => `\${${c}}`,
  (c) => `{{constructor.constructor('${c.replace(/'/g, '"')}')()}}`,
  (c) => `#{${c}}`,
  (c) => `<%= ${c} %>`,
  (c) => `"};${c};//`,
  (c) => `'-${c}-'`,
  (c) => `\\";${c};//`,
  (c) => `</bdi><img src=x onerror=${c}>`,
  (c) => `</p></div></li></ul><img src=x onerror=${c}>`,
  (c) => `</figcaption></figure><img src=x onerror=${c}>`,
  (c) => `</span><script>${c}</script><span>`,
  (c) => `"></a><a href="javascript:${c}">x`,
  (c) => `';${c};'`,
  (c) => `</option></select><img src=x onerror=${c}>`,
  (c) => `</time><svg/onload=${c}>`,
]);

add('polyglot', [
  (c) =>
    `jaVasCript:/*-/*\`/*\\\`/*'/*"/**/(/* */oNcliCk=${c} )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=${c}//>\\x3e`,
  (c, p) =>
    `'">><marquee><img src=x onerror=${c}></marquee>"></plaintext\\></|\\><plaintext/onmouseover=${c}><script>${c}</script>@gmail.com<isindex formaction=javascript:${c} type=submit>'-->"></script><script>${c}</script>"><img src="${p}">`,
  (c) =>
    `javascript:"/*'/*\`/*--></noscript></title></textarea></style></template></noembed></script><html " onmouseover=/*&lt;svg/*/onload=${c}//>`,
  (c) => `-->'"/></sCript><deTailS open x=">" ontoggle=(${c})>`,
  (c) => `';${c}//';${c}//";${c}//";${c}//--></SCRIPT>">'><SCRIPT>${c}</SCRIPT>=&{}`,
  (c) => `\`"'><img src=xxx:x onerror=${c}>`,
  (c) => `"'--></style></script><svg onload=${c}>`,
  (c) => `<svg/onload=${c}><!--"--><img src=x onerror=${c}>`,
  (c) => `*/${c}/*'";${c}//"><img src=x onerror=${c}>`,
  (c) =>
    `javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/"/+/onmouseover=1/+/[*/[]/+${c}//'>`,
]);

add('long', [
  (c) => `${'A'.repeat(5000)}<img src=x onerror=${c}>`,
  (c) => `<img src=x onerror=${c}>`.repeat(260),
  (c) => `${'<'.repeat(3000)}script>${c}</script>`,
  (c) => `<script>${c}</script>${'x'.repeat(20_000)}`,
  (c) => `${'"><'.repeat(500)}<svg onload=${c}>`,
  (c) => `${'A'.repeat(60)}<img src=x onerror=${c}>`, // the cut of a name falls inside the tag
  (c) => `${'😀'.repeat(70)}<script>${c}</script>`,
  (c) => `${'\u0301'.repeat(300)}<img src=x onerror=${c}>`,
]);

add('unicode', [
  (c) => `\u202E>tpircs/<${c}>tpircs<`,
  (c) => `\u202Egnp.exe <img src=x onerror=${c}>`,
  (c) => `\u2066<img src=x onerror=${c}>\u2069`,
  (c) => `\u200F<script>${c}</script>`,
  (c) => `java\u200Bscript:${c}`,
  (c) => `\uFEFF<script>${c}</script>`,
  (c) => `<scrip\u0308t>${c}</script>`,
  (c) => `<\u0455cript>${c}</\u0455cript>`, // Cyrillic dze
  (c) => `\u2028<script>${c}</script>\u2029`,
  (c) => `\u00A0<img\u00A0src=x\u00A0onerror=${c}>`,
  (c) => `😀<img src=x onerror=${c}>😀`,
  (c) => `\u202Dadmin\u202C<img src=x onerror=${c}>`,
  (c) => `\u0627\u0644\u0639\u0631\u0628\u064A\u0629 <img src=x onerror=${c}> עברית`,
  (c) => `Z\u0351\u0360\u0358a\u0352\u035Bl\u0353g\u0354o <script>${c}</script>`,
  (c) => `\u3000<script>${c}</script>\u3000`,
  (c) => `\u0000\u0001\u001b[31m<script>${c}</script>`,
  (c) => `\uD800<script>${c}</script>\uDFFF`, // lone surrogates
  (c) => `\u{E0041}\u{E0042}<img src=x onerror=${c}>`, // tag characters
]);

/** Text around a payload, as people would type it. */
const CONTEXTS = [
  (v) => v,
  (v) => `Hi all, ${v}`,
  (v) => `${v}\nsee above`,
  (v) => `"${v}"`,
  (v) => `<b>${v}</b>`,
  (v) => `check https://example.org/a?b=1 ${v}`,
  (v) => `\`${v}\``,
  (v) => `<!--${v}-->`,
  (v) => `${v} ${v}`,
  (v) => `  ${v}  `,
];

/**
 * @typedef {{id: number, family: string, text: string}} Payload
 */

/**
 * The payloads: every vector in its plain form and in one other context (rotating through
 * them), each with another way of calling the trap. Deterministic: the same list every run.
 * @returns {Payload[]}
 */
export function generatePayloads() {
  /** @type {Payload[]} */
  const out = [];
  const seen = new Set();
  for (const [i, vector] of VECTORS.entries()) {
    for (const ctx of [0, 1 + (i % (CONTEXTS.length - 1))]) {
      const id = out.length + 1;
      const call = CALLS[(id * 5) % CALLS.length](id);
      const text = CONTEXTS[ctx](vector.make(call, `${PROBE}${id}`, id));
      if (seen.has(text)) continue;
      seen.add(text);
      out.push({ id, family: vector.family, text });
    }
  }
  return out;
}

/**
 * A string as pure-ASCII JSON (every other character escaped), so that it crosses into a page
 * exactly, lone surrogates and control characters included: `JSON.parse` gives it back.
 * @param {unknown} value
 */
export function asciiJson(value) {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The families, for reports. */
export const FAMILIES = [...new Set(VECTORS.map((v) => v.family))];
