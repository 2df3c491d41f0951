// Other web sites for the share and embed browser tests, on fixed loopback ports (the tests run
// in a network namespace of their own, so fixed ports do not collide):
//
//   EMBEDDER_ORIGIN  allowed to embed rooms (the server runs with tfx.origins.allowed set to it
//                    and lists it in tfx.share.sources: real-server.json); also serves the media
//                    and pages that the share tests share
//   STRANGER_ORIGIN  the next port, not allowed
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { REAL_SERVER } from './real-server.js';

/** A list setting of real-server.json (comma- or space-separated) as an array. */
const list = (/** @type {string} */ key) => REAL_SERVER[key].split(/[\s,]+/).filter(Boolean);

export const EMBEDDER_ORIGIN = list('tfx.origins.allowed')[0];
export const EMBEDDER_PORT = Number(new URL(EMBEDDER_ORIGIN).port);
export const STRANGER_PORT = EMBEDDER_PORT + 1;
export const STRANGER_ORIGIN = `http://127.0.0.1:${STRANGER_PORT}`;

/** The real server's settings (real-server.json) in the fake server's terms (harness.js). */
export const SERVER_SETTINGS = Object.freeze({
  allowedOrigins: list('tfx.origins.allowed'),
  shareSources: list('tfx.share.sources'),
  allowPrivateAddresses: REAL_SERVER['tfx.share.allowPrivateAddresses'] === 'true',
});

const html = (title, body, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;

/**
 * A page that embeds a room with the TfxEmbed library and records what it hears.
 * Query: server, room, secret, [readyMs].
 */
function embedderPage(q) {
  return html(
    'Embedder',
    `<h1>Partner site</h1><div id="call" style="width:960px;height:540px"></div>
<script src="${q.get('server')}/lib/tfx-embed.js"></script>
<script>
  window.events = [];
  window.room = TfxEmbed.mount(document.getElementById('call'), {
    server: ${JSON.stringify(q.get('server'))},
    roomId: ${JSON.stringify(q.get('room'))},
    secret: ${JSON.stringify(q.get('secret'))},
    timeouts: { ready: ${Number(q.get('readyMs') ?? 20000)} },
  });
  for (const e of ['ready','joining','waiting','joined','peer-joined','peer-left','peer-updated','muted','camera','room-updated','left','error'])
    window.room.on(e, (data) => window.events.push({ event: e, data }));
  window.readyResult = window.room.ready.then(() => 'ready', (err) => err.code);
</script>`,
  );
}

/**
 * An allowed page with the room and a second frame ("sibling") from `attacker` that posts
 * commands to the room's frame; the parent itself talks raw postMessage.
 */
function siblingPage(q) {
  const embed = `${q.get('server')}/embed/${encodeURIComponent(q.get('room'))}#${encodeURIComponent(q.get('secret'))}`;
  return html(
    'Sibling test',
    `<iframe id="room" src="${embed}" allow="camera; microphone; autoplay" style="width:640px;height:400px"></iframe>
<iframe id="sibling" src="${q.get('attacker')}/attacker.html" style="width:200px;height:100px"></iframe>
<script>
  const server = ${JSON.stringify(new URL(q.get('server')).origin)};
  const frame = document.getElementById('room');
  window.heard = [];
  window.siblingPosts = 0;
  window.addEventListener('message', (e) => {
    if (e.data && e.data.attackerPosted) { window.siblingPosts = e.data.attackerPosted; return; }
    if (e.source === frame.contentWindow && e.origin === server) window.heard.push(e.data);
  });
  let n = 0;
  window.ask = (type, data) => new Promise((resolve) => {
    const id = 'p' + (++n);
    const check = () => {
      const r = window.heard.find((m) => m.type === 'reply' && m.id === id);
      if (r) resolve(r); else setTimeout(check, 50);
    };
    frame.contentWindow.postMessage({ tfx: 1, type, id, data }, server);
    check();
  });
</script>`,
  );
}

/** Posts `join` (and `hello`) to the first frame of its parent, as often as it can. */
const attackerPage = html(
  'Attacker',
  `<script>
  let posted = 0;
  const target = () => parent.frames[0];
  const blast = () => {
    for (const id of ['x1', 'x2']) {
      target().postMessage({ tfx: 1, type: 'join', id, data: { name: 'Intruder' } }, '*');
      target().postMessage({ tfx: 1, type: 'hello', id: id + 'h' }, '*');
    }
    posted++;
    parent.postMessage({ attackerPosted: posted }, '*');
    if (posted < 20) setTimeout(blast, 100);
  };
  blast();
</script>`,
);

/** A page on a site that may not embed rooms: frames one, and opens one in a popup. */
function strangerPage(q) {
  const embed = `${q.get('server')}/embed/${encodeURIComponent(q.get('room'))}#${encodeURIComponent(q.get('secret'))}`;
  return html(
    'Stranger',
    `<iframe id="room" src="${embed}" allow="camera; microphone; autoplay" style="width:640px;height:400px"></iframe>
<script>
  window.posts = 0;
  window.blastFrame = () => {
    const w = document.getElementById('room').contentWindow;
    for (let i = 0; i < 10; i++) { w.postMessage({ tfx: 1, type: 'join', id: 'f' + i, data: { name: 'Intruder' } }, '*'); window.posts++; }
  };
  window.openPopup = () => {
    const w = window.open(${JSON.stringify(embed)}, 'tfx-popup', 'popup,width=640,height=480');
    let i = 0;
    const blast = () => {
      try { w && w.postMessage({ tfx: 1, type: 'join', id: 'w' + i, data: { name: 'Intruder' } }, '*'); window.posts++; } catch (e) {}
      if (++i < 40) setTimeout(blast, 100);
    };
    blast();
    return !!w;
  };
</script>`,
  );
}

const SHARED_PAGES = {
  '/pages/article.html': {
    headers: {},
    body: html(
      'A framed article',
      `<h1 id="framed-heading">Hello from a framed page</h1><p>Shown inside the meeting.</p>
<script>document.body.dataset.scripted = 'yes'</script>`,
      `<meta property="og:title" content="An article about frames">
<meta property="og:description" content="This page lets others frame it.">
<meta property="og:site_name" content="Frame Site">`,
    ),
  },
  '/pages/locked.html': {
    headers: { 'x-frame-options': 'DENY' },
    body: html(
      'Locked page',
      '<h1>No frames here</h1>',
      `<meta property="og:title" content="A page that refuses frames">
<meta property="og:description" content="Shown as a link card.">
<meta property="og:site_name" content="Locked Site">
<meta property="og:image" content="/media/thumb.png">`,
    ),
  },
  '/pages/ancestors.html': {
    headers: { 'content-security-policy': "frame-ancestors 'none'" },
    body: html('Ancestors', '<h1>frame-ancestors none</h1>'),
  },
  '/pages/hostile.html': {
    headers: { 'x-frame-options': 'SAMEORIGIN' },
    body: html(
      'x',
      '<p>hostile</p>',
      `<meta property="og:title" content="&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;Hostile &lt;b&gt;title&lt;/b&gt;">
<meta property="og:description" content="&lt;script&gt;window.__pwned=2&lt;/script&gt; plain words">
<meta property="og:site_name" content="&lt;svg onload=window.__pwned=3&gt;">
<meta property="og:image" content="javascript:window.__pwned=4">`,
    ),
  },
};

/** A solid-colour PNG with a white bar (no binary files in the repository). */
export function png(width, height, rgb) {
  const raw = Buffer.alloc(height * (width * 3 + 1));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = y * (width * 3 + 1) + 1 + x * 3;
      const bar = y > height * 0.4 && y < height * 0.6;
      raw[o] = bar ? 255 : rgb[0];
      raw[o + 1] = bar ? 255 : rgb[1];
      raw[o + 2] = bar ? 255 : rgb[2];
    }
  }
  const crcTable = [...Array(256)].map((_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A short WebM clip, made once with ffmpeg (installed wherever the browser tests run). */
function webm() {
  const file = path.join(os.tmpdir(), 'tfx-e2e-media', 'clip.webm');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180:rate=15',
      '-t',
      '2',
      '-c:v',
      'libvpx',
      '-b:v',
      '300k',
      file + '.tmp.webm',
    ]);
    fs.renameSync(file + '.tmp.webm', file);
  }
  return fs.readFileSync(file);
}

/** One second of a 440 Hz tone as 16-bit PCM WAV. */
function wav() {
  const rate = 8000;
  const n = rate;
  const b = Buffer.alloc(44 + n * 2);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + n * 2, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++)
    b.writeInt16LE(Math.round(Math.sin((i / rate) * 2 * Math.PI * 440) * 8000), 44 + i * 2);
  return b;
}

/**
 * Starts both sites. `hits` counts requests per path (e.g. to see that the server fetched a
 * preview).
 * @returns {Promise<{close: () => Promise<void>, hits: Map<string, number>}>}
 */
export async function startSites() {
  const media = {
    '/media/image.png': ['image/png', png(480, 270, [0x4f, 0x5b, 0xd5])],
    '/media/thumb.png': ['image/png', png(120, 120, [0x3c, 0xcf, 0x8e])],
    '/media/clip.webm': ['video/webm', webm()],
    '/media/tone.wav': ['audio/wav', wav()],
  };
  const hits = new Map();
  const handler = (req, res) => {
    const url = new URL(req.url, 'http://x');
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      res.end(body);
    };
    const q = url.searchParams;
    switch (url.pathname) {
      case '/embedder.html':
        return send(200, 'text/html; charset=utf-8', embedderPage(q));
      case '/sibling.html':
        return send(200, 'text/html; charset=utf-8', siblingPage(q));
      case '/attacker.html':
        return send(200, 'text/html; charset=utf-8', attackerPage);
      case '/stranger.html':
        return send(200, 'text/html; charset=utf-8', strangerPage(q));
      case '/redirect':
        return send(302, 'text/plain', 'moved', { location: q.get('to') ?? '/' });
    }
    if (media[url.pathname]) {
      const [type, body] = media[url.pathname];
      return send(200, type, body, { 'accept-ranges': 'none' });
    }
    const page = SHARED_PAGES[url.pathname];
    if (page) return send(200, 'text/html; charset=utf-8', page.body, page.headers);
    send(404, 'text/plain', 'not found');
  };
  const servers = [];
  for (const port of [EMBEDDER_PORT, STRANGER_PORT]) {
    const s = http.createServer(handler);
    await new Promise((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', resolve);
    });
    servers.push(s);
  }
  return {
    hits,
    close: () =>
      Promise.all(
        servers.map((s) => new Promise((r) => (s.closeAllConnections(), s.close(() => r())))),
      ).then(() => {}),
  };
}

/**
 * Fails unless the server under test allows the test embedder (its `/api/client-config` names
 * EMBEDDER_ORIGIN): ClientE2EIT, with-war.sh and the fake server configure it. Without it the
 * embed and share tests could not run, and they must not pass by skipping.
 * @param {string} serverUrl
 */
export async function requireShareAndEmbed(serverUrl) {
  const r = await fetch(`${serverUrl}/api/client-config`);
  assert.equal(r.status, 200, 'GET /api/client-config');
  const c = await r.json();
  assert.ok(
    Array.isArray(c.embedOrigins) && c.embedOrigins.includes(EMBEDDER_ORIGIN),
    `the server must allow ${EMBEDDER_ORIGIN} to embed (tfx.origins.allowed): ${JSON.stringify(c)}`,
  );
}
