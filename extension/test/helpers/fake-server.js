// A small stand-in for the Java server, following docs/developer/protocol.md: signalling on
// /signal, POST/GET /api/rooms, and the built web client from dist/web. Used by the SDK tests and
// by e2e runs before the real server is at hand. Not production code: no rate limits, no DB.
//
//   node test/helpers/fake-server.js [port]      (serves ../../dist/web)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { policies, securityHeaders, linkPreview } from './fake-share.js';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

const rid = (n = 10) => crypto.randomBytes(n).toString('base64url').slice(0, n);

/**
 * @param {{port?: number, root?: string, graceMs?: number, host?: string, iceServers?: (peerId: string) => object[], allowedOrigins?: string[], shareSources?: string[], allowPrivateAddresses?: boolean, linkPreview?: boolean}} [options]
 *   allowedOrigins: tfx.origins.allowed (sites that may embed rooms); shareSources:
 *   tfx.share.sources (default ["https:"]); allowPrivateAddresses: tfx.share.allowPrivateAddresses;
 *   linkPreview: tfx.share.linkPreview (default true)
 */
export async function startFakeServer(options = {}) {
  const { port = 0, host = '127.0.0.1', graceMs = 20_000 } = options;
  /** ICE servers for each welcome, e.g. TURN with fresh REST credentials. */
  const iceServers = options.iceServers ?? (() => []);
  const root =
    options.root ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');
  /** @type {Map<string, any>} */
  const rooms = new Map();
  const sockets = new Set();
  const csp = policies({
    allowedOrigins: options.allowedOrigins ?? [],
    shareSources: options.shareSources ?? ['https:'],
  });
  const previews = options.linkPreview !== false;

  const server = http.createServer((req, res) => {
    handleHttp(req, res).catch((err) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'internal', message: String(err) }));
    });
  });

  function json(res, status, body, extra = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...extra });
    res.end(JSON.stringify(body));
  }

  async function readBody(req) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    return Buffer.concat(chunks).toString('utf8');
  }

  async function handleHttp(req, res) {
    const url = new URL(req.url, 'http://x');
    const cors = req.headers.origin
      ? {
          'access-control-allow-origin': req.headers.origin,
          'access-control-allow-headers': 'content-type, x-room-secret',
          'access-control-allow-methods': 'GET, POST',
        }
      : {};
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return res.end();
    }
    if (url.pathname === '/api/rooms' && req.method === 'POST') {
      let body;
      try {
        body = JSON.parse((await readBody(req)) || '{}');
      } catch {
        return json(res, 400, { code: 'invalid-request', message: 'bad JSON' }, cors);
      }
      const room = {
        id: rid(10),
        secret: rid(22),
        ownerToken: rid(22),
        name: typeof body.name === 'string' ? body.name.slice(0, 64) : '',
        capacity: Number.isInteger(body.capacity) ? body.capacity : 6,
        password: typeof body.password === 'string' && body.password ? body.password : null,
        locked: false,
        seats: new Map(),
        knockers: new Map(),
      };
      rooms.set(room.id, room);
      const origin = `http://${req.headers.host}`;
      return json(
        res,
        201,
        {
          roomId: room.id,
          secret: room.secret,
          ownerToken: room.ownerToken,
          joinUrl: `${origin}/r/${room.id}#${room.secret}`,
        },
        cors,
      );
    }
    const m = url.pathname.match(/^\/api\/rooms\/([^/]+)$/);
    if (m && req.method === 'GET') {
      const room = rooms.get(m[1]);
      if (!room) return json(res, 404, { code: 'room-not-found', message: 'no such room' }, cors);
      if (req.headers['x-room-secret'] !== room.secret)
        return json(res, 403, { code: 'wrong-secret', message: 'wrong secret' }, cors);
      return json(res, 200, roomInfo(room), cors);
    }
    if (url.pathname === '/health') return json(res, 200, { status: 'UP', database: 'UP' });
    if (url.pathname === '/api/client-config' && req.method === 'GET') {
      return json(
        res,
        200,
        {
          embedOrigins: csp.embedOrigins,
          translate: false,
          linkPreview: previews,
          shareSources: options.shareSources ?? ['https:'],
          // as the real server's defaults (tfx.room.defaultCapacity, tfx.room.maxCapacity)
          defaultCapacity: 6,
          minCapacity: 2,
          maxCapacity: 12,
        },
        cors,
      );
    }
    if (url.pathname === '/api/link-preview' && req.method === 'GET') {
      // RoomAccess: the room id in the query, the secret in a header.
      const room = rooms.get(url.searchParams.get('roomId') ?? '');
      if (!url.searchParams.get('roomId') || !req.headers['x-room-secret'])
        return json(res, 400, { code: 'invalid-request', message: 'roomId and secret' }, cors);
      if (!room) return json(res, 404, { code: 'room-not-found', message: 'no such room' }, cors);
      if (req.headers['x-room-secret'] !== room.secret)
        return json(res, 403, { code: 'wrong-secret', message: 'wrong secret' }, cors);
      if (!previews)
        return json(res, 503, { code: 'link-preview-unavailable', message: 'off' }, cors);
      const r = await linkPreview(url.searchParams.get('url'), {
        ourOrigin: `http://${req.headers.host}`,
        allowPrivateAddresses: options.allowPrivateAddresses === true,
      });
      return json(res, r.status, r.body, cors);
    }
    if (url.pathname === '/api/widgets' && req.method === 'GET') {
      return json(res, 200, builtInWidgets(), cors);
    }
    let file = url.pathname;
    if (/^\/r\/[^/]+\/?$/.test(file) || file === '/app/' || file === '/app')
      file = '/app/index.html';
    if (/^\/embed\/[A-Za-z0-9_-]{4,64}\/?$/.test(file)) file = '/embed/index.html';
    if (file === '/') {
      res.writeHead(302, { location: '/app/' });
      return res.end();
    }
    const abs = path.resolve(root, '.' + path.normalize(decodeURIComponent(file)));
    if (!abs.startsWith(root) || !fs.existsSync(abs) || fs.statSync(abs).isDirectory()) {
      return json(res, 404, { code: 'not-found', message: file });
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(abs)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      ...securityHeaders(url.pathname, csp),
    });
    fs.createReadStream(abs).pipe(res);
  }

  /** The catalogue as GET /api/widgets answers it, from the built widgets' manifests. */
  function builtInWidgets() {
    const dir = path.join(root, 'widgets');
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir)
      .filter((id) => fs.existsSync(path.join(dir, id, 'widget.json')))
      .sort()
      .map((id) => {
        const m = JSON.parse(fs.readFileSync(path.join(dir, id, 'widget.json'), 'utf8'));
        return {
          id: m.id,
          name: m.name,
          version: m.version,
          description: m.description ?? '',
          icon: m.icon ?? null,
          entry: m.entry,
          style: m.style ?? null,
          permissions: m.permissions ?? [],
          channels: m.channels ?? [],
          background: m.background === true,
          thirdParty: false,
          base: `/widgets/${m.id}/`,
        };
      });
  }

  function roomInfo(room) {
    return {
      id: room.id,
      name: room.name,
      locked: room.locked,
      capacity: room.capacity,
      size: room.seats.size,
      hasPassword: !!room.password,
    };
  }

  function peerFor(seat, receiverId) {
    return {
      peerId: seat.peerId,
      name: seat.name,
      owner: seat.owner,
      muted: seat.muted,
      video: seat.video,
      state: seat.state,
      polite: receiverId < seat.peerId,
    };
  }

  function send(ws, msg) {
    if (ws && ws.readyState === 1) ws.send(JSON.stringify(msg));
  }

  function toOthers(room, exceptId, build) {
    for (const s of room.seats.values()) {
      if (s.peerId !== exceptId && s.state === 'connected') send(s.socket, build(s));
    }
  }

  function error(ws, code, message, ref, close = false) {
    send(ws, { type: 'error', code, message, ...(ref ? { ref } : {}) });
    if (close) setTimeout(() => ws.close(1008, code), 20);
  }

  function welcome(ws, ctx, room, seat, resumed) {
    seat.resumeToken = `${seat.peerId}.${rid(16)}`;
    ctx.room = room;
    ctx.seat = seat;
    const peers = [...room.seats.values()]
      .filter((s) => s !== seat)
      .map((s) => peerFor(s, seat.peerId));
    send(ws, {
      type: 'welcome',
      peerId: seat.peerId,
      resumeToken: seat.resumeToken,
      resumed,
      owner: seat.owner,
      room: roomInfo(room),
      peers,
      iceServers: iceServers(seat.peerId),
    });
    if (seat.owner)
      for (const k of room.knockers.values())
        send(ws, { type: 'knocking', peerId: k.peerId, name: k.name });
  }

  function removeSeat(room, seat, reason) {
    clearTimeout(seat.graceTimer);
    if (room.seats.get(seat.peerId) !== seat) return;
    room.seats.delete(seat.peerId);
    toOthers(room, seat.peerId, () => ({ type: 'peer-left', peerId: seat.peerId, reason }));
    toOthers(room, seat.peerId, () => ({ type: 'room-updated', room: roomInfo(room) }));
  }

  function join(ws, ctx, room, hello, owner, peerId = rid(10)) {
    const seat = {
      peerId,
      name: hello.name.trim().slice(0, 64),
      owner,
      muted: false,
      video: true,
      state: 'connected',
      socket: ws,
      resumeToken: null,
      graceTimer: null,
    };
    room.seats.set(peerId, seat);
    welcome(ws, ctx, room, seat, false);
    toOthers(room, peerId, (s) => ({ type: 'peer-joined', peer: peerFor(seat, s.peerId) }));
    toOthers(room, peerId, () => ({ type: 'room-updated', room: roomInfo(room) }));
  }

  /** While set, joins are refused as the real server does when its database is down. */
  let storeDown = false;

  const handlers = {
    hello(ws, ctx, m) {
      if (ctx.seat) return error(ws, 'already-joined', 'already joined', m.id);
      if (storeDown) return error(ws, 'unavailable', 'the database is unavailable', m.id);
      if (m.version !== 1) return error(ws, 'unsupported-version', 'version 1 only', m.id);
      if (
        typeof m.roomId !== 'string' ||
        typeof m.secret !== 'string' ||
        typeof m.name !== 'string' ||
        !m.name.trim()
      )
        return error(ws, 'invalid-message', 'hello needs roomId, secret, name', m.id);
      const room = rooms.get(m.roomId);
      if (!room) return error(ws, 'room-not-found', 'no such room', m.id, true);
      if (m.secret !== room.secret) return error(ws, 'wrong-secret', 'wrong secret', m.id, true);
      if (m.resumeToken) {
        const seat = [...room.seats.values()].find((s) => s.resumeToken === m.resumeToken);
        if (seat) {
          clearTimeout(seat.graceTimer);
          const old = seat.socket;
          seat.socket = ws;
          const wasLost = seat.state === 'lost';
          seat.state = 'connected';
          if (old && old !== ws) old.close(1008, 'taken over');
          welcome(ws, ctx, room, seat, true);
          if (wasLost)
            toOthers(room, seat.peerId, (s) => ({
              type: 'peer-updated',
              peer: peerFor(seat, s.peerId),
            }));
          return;
        }
      }
      if (room.password && !m.password)
        return error(ws, 'password-required', 'password required', m.id);
      if (room.password && m.password !== room.password)
        return error(ws, 'wrong-password', 'wrong password', m.id);
      const owner = m.ownerToken === room.ownerToken;
      if (room.locked && !owner) {
        ctx.pending = { room, hello: m };
        return error(ws, 'room-locked', 'room is locked', m.id);
      }
      if (room.seats.size >= room.capacity)
        return error(ws, 'room-full', 'room is full', m.id, true);
      join(ws, ctx, room, m, owner);
    },
    knock(ws, ctx, m) {
      if (!ctx.pending || !ctx.pending.room.locked)
        return error(ws, 'not-knocking', 'room not locked', m.id);
      const { room, hello } = ctx.pending;
      const k = { peerId: rid(10), name: hello.name.trim(), socket: ws, ctx, hello };
      ctx.knock = k;
      room.knockers.set(k.peerId, k);
      for (const s of room.seats.values())
        if (s.owner) send(s.socket, { type: 'knocking', peerId: k.peerId, name: k.name });
    },
    ping(ws, ctx, m) {
      send(ws, { type: 'pong', ...(typeof m.ts === 'number' ? { ts: m.ts } : {}) });
    },
    signal(ws, ctx, m) {
      const to = ctx.room.seats.get(m.to);
      if (!to) return error(ws, 'peer-not-found', 'no such peer', m.id);
      if (to.state !== 'connected') return error(ws, 'peer-unavailable', 'peer is away', m.id);
      send(to.socket, { type: 'signal', from: ctx.seat.peerId, payload: m.payload });
    },
    relay(ws, ctx, m) {
      const out = { type: 'relay', from: ctx.seat.peerId, channel: m.channel, payload: m.payload };
      if (m.to) {
        const to = ctx.room.seats.get(m.to);
        if (!to) return error(ws, 'peer-not-found', 'no such peer', m.id);
        return send(to.socket, out);
      }
      toOthers(ctx.room, ctx.seat.peerId, () => out);
    },
    update(ws, ctx, m) {
      const seat = ctx.seat;
      if (typeof m.name === 'string' && m.name.trim()) seat.name = m.name.trim().slice(0, 64);
      if (typeof m.muted === 'boolean') seat.muted = m.muted;
      if (typeof m.video === 'boolean') seat.video = m.video;
      toOthers(ctx.room, seat.peerId, (s) => ({
        type: 'peer-updated',
        peer: peerFor(seat, s.peerId),
      }));
    },
    lock(ws, ctx, m) {
      if (!ctx.seat.owner) return error(ws, 'not-owner', 'owners only', m.id);
      ctx.room.locked = m.locked === true;
      toOthers(ctx.room, null, () => ({ type: 'room-updated', room: roomInfo(ctx.room) }));
    },
    configure(ws, ctx, m) {
      if (!ctx.seat.owner) return error(ws, 'not-owner', 'owners only', m.id);
      if (Number.isInteger(m.capacity)) ctx.room.capacity = m.capacity;
      if (typeof m.password === 'string') ctx.room.password = m.password || null;
      toOthers(ctx.room, null, () => ({ type: 'room-updated', room: roomInfo(ctx.room) }));
    },
    admit(ws, ctx, m) {
      if (!ctx.seat.owner) return error(ws, 'not-owner', 'owners only', m.id);
      const k = ctx.room.knockers.get(m.peerId);
      if (!k) return error(ws, 'not-knocking', 'not knocking', m.id);
      ctx.room.knockers.delete(k.peerId);
      k.ctx.pending = null;
      join(k.socket, k.ctx, ctx.room, k.hello, false, k.peerId);
    },
    deny(ws, ctx, m) {
      if (!ctx.seat.owner) return error(ws, 'not-owner', 'owners only', m.id);
      const k = ctx.room.knockers.get(m.peerId);
      if (!k) return error(ws, 'not-knocking', 'not knocking', m.id);
      ctx.room.knockers.delete(k.peerId);
      error(k.socket, 'knock-denied', 'the owner turned you away', undefined, true);
    },
    kick(ws, ctx, m) {
      if (!ctx.seat.owner) return error(ws, 'not-owner', 'owners only', m.id);
      const seat = ctx.room.seats.get(m.peerId);
      if (!seat) return error(ws, 'peer-not-found', 'no such peer', m.id);
      seat.resumeToken = null;
      removeSeat(ctx.room, seat, 'kicked');
      error(seat.socket, 'kicked', 'the owner removed you', undefined, true);
    },
    leave(ws, ctx) {
      const seat = ctx.seat;
      ctx.seat = null;
      removeSeat(ctx.room, seat, 'left');
      ws.close(1000, 'left');
    },
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url, 'http://x').pathname !== '/signal') return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws));
  });

  function onSocket(ws) {
    sockets.add(ws);
    const ctx = { room: null, seat: null, pending: null, knock: null };
    ws.on('message', (data, isBinary) => {
      if (isBinary) return error(ws, 'bad-json', 'text frames only');
      let m;
      try {
        m = JSON.parse(String(data));
      } catch {
        return error(ws, 'bad-json', 'not JSON');
      }
      if (!m || typeof m !== 'object' || Array.isArray(m))
        return error(ws, 'bad-json', 'not an object');
      const h = handlers[m.type];
      if (!h) return error(ws, 'unknown-type', `unknown type ${m.type}`, m.id);
      if (!ctx.seat && !['hello', 'knock', 'ping'].includes(m.type))
        return error(ws, 'hello-required', 'send hello first', m.id);
      h(ws, ctx, m);
    });
    ws.on('close', () => {
      sockets.delete(ws);
      if (ctx.knock)
        (ctx.room?.knockers.delete(ctx.knock.peerId),
          ctx.knock.ctx.pending?.room.knockers.delete(ctx.knock.peerId));
      const seat = ctx.seat;
      if (!seat || seat.socket !== ws || !ctx.room.seats.has(seat.peerId)) return;
      seat.state = 'lost';
      seat.socket = null;
      const room = ctx.room;
      toOthers(room, seat.peerId, (s) => ({ type: 'peer-updated', peer: peerFor(seat, s.peerId) }));
      seat.graceTimer = setTimeout(() => removeSeat(room, seat, 'timeout'), graceMs);
    });
  }

  await new Promise((resolve) => server.listen(port, host, resolve));
  const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `http://${host}:${addr.port}`;
  return {
    url,
    rooms,
    /** Creates a room like POST /api/rooms. */
    async createRoom(body = {}) {
      const r = await fetch(`${url}/api/rooms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return r.json();
    },
    /** Joins answer `unavailable` while true (the real server's database outage). */
    setStoreDown(down) {
      storeDown = down;
    },
    /** Closes every signalling socket abruptly (like a network drop). */
    dropAll() {
      for (const ws of sockets) ws.terminate();
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      for (const r of rooms.values()) for (const s of r.seats.values()) clearTimeout(s.graceTimer);
      wss.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  const s = await startFakeServer({ port, host: process.env.HOST ?? '127.0.0.1' });
  console.log(`fake TFX server on ${s.url}`);
}
