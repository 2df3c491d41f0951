// @ts-check
/**
 * The `ctx` object a widget's `mount(ctx)` receives: everything a widget may use, nothing more.
 * Built-in widgets get it directly; sandboxed ones get the same API through the frame bridge
 * (frame.js), minus media and tiles.
 *
 * See docs/developer/widget-api.md for the contract.
 */

/**
 * @typedef {import('./runtime.js').WidgetRuntime} WidgetRuntime
 * @typedef {import('../../lib/sdk/codec.js').PeerInfo} PeerInfo
 *
 * @typedef {object} HostUi what the room offers widgets
 * @property {(id: string, badge: number|string|null) => void} setBadge
 * @property {(id: string, text: string) => void} notify
 * @property {(id: string, text: string|null) => void} indicator
 * @property {(id: string) => void} open
 * @property {(id: string) => void} close
 * @property {(id: string) => boolean} isVisible
 * @property {(peerId: string) => HTMLElement|null} tile the video tile of a peer ('local': ours)
 *
 * @typedef {object} AudioAccess the room's audio measurements (ids: a peer id or 'local')
 * @property {(id: string) => number} level loudness right now, 0..1 on a dB scale
 * @property {(id: string, bands?: number) => Float32Array|null} spectrum log-spaced bands, 0..1
 * @property {(id: string) => boolean} speaking whether the room counts them as speaking
 * @property {() => string|null} dominant the single loudest current speaker
 * @property {() => string} state 'running'; 'suspended' while the browser holds audio until a click
 *
 * @typedef {object} MediaAccess
 * @property {() => MediaStream|null} local our camera/microphone stream
 * @property {(peerId: string) => MediaStream|null} remote what we receive from a peer
 * @property {AudioAccess} [audio] levels and speakers, measured once for the whole page
 * @property {() => Array<{peerId: string, streamId: string, stream: MediaStream, local: boolean}>} screens
 *   every screen share in the room this page shows (ours first)
 * @property {import('../media/video-pipeline.js').VideoPipeline} [video] the outgoing video
 *   pipeline (room page only)
 *
 * @typedef {object} ContextEnv
 * @property {HTMLElement} container
 * @property {HostUi} ui
 * @property {MediaAccess} media
 * @property {(path: string, init?: RequestInit) => Promise<Response>} api
 * @property {string} serverUrl
 */

/** Permissions that give a widget the media API. */
export const MEDIA_PERMISSIONS = Object.freeze([
  'camera',
  'microphone',
  'local-video',
  'remote-video',
  'local-audio',
  'remote-audio',
  'screen',
]);

/** Events a widget may subscribe to with `ctx.on`. */
export const WIDGET_EVENTS = Object.freeze([
  'message',
  'peer-joined',
  'peer-left',
  'peer-updated',
  'state',
  'show',
  'hide',
  'track',
  'reconnected',
  'screen',
]);

/** Permissions that let a widget change the video we send. */
export const VIDEO_STAGE_PERMISSIONS = Object.freeze(['camera', 'local-video']);

/**
 * The outgoing-video part of `ctx.media` (built-in widgets with `camera` or `local-video`):
 * stages added here are removed when the widget unmounts.
 * @param {WidgetRuntime} rt
 * @param {import('../media/video-pipeline.js').VideoPipeline|undefined} pipeline
 */
function videoStages(rt, pipeline) {
  if (!pipeline || !rt.entry.permissions.some((p) => VIDEO_STAGE_PERMISSIONS.includes(p))) {
    return {};
  }
  const id = rt.entry.id;
  return {
    /**
     * Adds a stage to the outgoing video pipeline; returns the function that removes it.
     * @param {{order: number, name?: string, process: (frame: import('../media/video-pipeline.js').VideoFrameContext) => void}} stage
     * @returns {() => void}
     */
    addVideoStage(stage) {
      const remove = pipeline.addStage({ ...stage, name: `${id}:${stage?.name ?? 'stage'}` });
      rt.onUnmount(remove);
      return remove;
    },
    /** @returns {MediaStreamTrack|null} the video track peers receive from us now */
    outgoingVideo: () => pipeline.outputTrack(),
    /**
     * @param {(track: MediaStreamTrack|null) => void} fn called when the sent track changes
     * @returns {() => void}
     */
    onOutgoingVideo(fn) {
      const off = pipeline.onOutput(fn);
      rt.onUnmount(off);
      return off;
    },
    /** @returns {import('../media/video-pipeline.js').PipelineStats} */
    videoStats: () => pipeline.stats(),
  };
}

/** @param {PeerInfo} p */
export const publicPeer = (p) => ({
  peerId: p.peerId,
  name: p.name,
  owner: p.owner,
  muted: p.muted,
  video: p.video,
  state: p.state,
});

/**
 * @param {WidgetRuntime} rt
 * @param {ContextEnv} env
 */
export function createContext(rt, env) {
  const { session } = rt;
  const id = rt.entry.id;
  const state = rt.state;
  const hasMedia = rt.entry.permissions.some((p) => MEDIA_PERMISSIONS.includes(p));
  const local = rt.local;

  const ctx = {
    widget: Object.freeze({
      id,
      name: rt.entry.name,
      version: rt.entry.version,
      permissions: [...rt.entry.permissions],
    }),
    roomId: session.roomId,
    /** @returns {{peerId: string, name: string, owner: boolean, muted: boolean}} */
    get self() {
      return {
        peerId: session.peerId ?? '',
        name: session.name,
        owner: session.owner,
        muted: session.muted,
      };
    },
    /** @returns {ReturnType<typeof publicPeer>[]} the other participants */
    peers: () => [...session.peers.values()].map(publicPeer),
    /** @param {string} peerId */
    peer: (peerId) => {
      const p = session.peers.get(peerId);
      return p ? publicPeer(p) : undefined;
    },
    /**
     * @param {string} event one of WIDGET_EVENTS
     * @param {(data: any) => void} fn
     * @returns {() => void} unsubscribe
     */
    on(event, fn) {
      if (!WIDGET_EVENTS.includes(event)) throw new TypeError(`unknown widget event "${event}"`);
      if ((event === 'track' || event === 'screen') && !hasMedia) {
        throw new TypeError(`the "${event}" event needs a media permission in widget.json`);
      }
      return rt.events.on(event, fn);
    },
    /**
     * @param {string} to peer id
     * @param {unknown} msg any JSON value up to 48 KiB
     */
    send: (to, msg) => rt.sendMessage(to, msg),
    /** @param {unknown} msg */
    broadcast: (msg) => rt.sendMessage(null, msg),
    state: Object.freeze({
      /** @param {string} key */
      get: (key) => state.get(key),
      /** @param {string} key */
      entry: (key) => state.entry(key),
      keys: () => state.keys(),
      /** @param {string} [list] */
      list: (list) => state.list(list),
      /** @param {string} key @param {unknown} value */
      set: (key, value) => state.set(key, value),
      /** @param {string} list @param {unknown} value */
      append: (list, value) => state.append(list, value),
      /** @param {string} itemId */
      remove: (itemId) => state.remove(itemId),
      /** @param {string} [list] */
      clear: (list) => state.clear(list),
      /** @param {(e: {keys: string[], lists: string[], local: boolean, catchUp: boolean}) => void} fn */
      on: (fn) => rt.events.on('state', fn),
      /**
       * The Yjs document behind the map and lists, for richer shared types (the Code widget's
       * Y.Text); built-in widgets only. Changes from peers come with the transaction origins
       * LIVE and CATCH_UP of lib/sdk/shared-state.js.
       */
      doc: state.doc,
    }),
    /** Who is doing what right now (typing, drawing, a cursor): see Presence. */
    presence: Object.freeze({
      /** @param {unknown} value a JSON value up to 4 KiB; null clears ours */
      set: (value) => rt.presence.set(value),
      /** @param {string} peerId */
      get: (peerId) => rt.presence.get(peerId),
      all: () => rt.presence.all(),
      /** @param {(e: {peers: string[]}) => void} fn */
      on: (fn) => {
        const off = rt.presence.on(fn);
        rt.onUnmount(off);
        return off;
      },
      /** The y-protocols Awareness itself (built-in widgets only: editor cursors). */
      awareness: rt.awareness,
      /** @param {number} clientId @returns {string|undefined} the peer an awareness client is */
      peerOf: (clientId) => rt.sync.ownerOf(clientId),
    }),
    container: env.container,
    get visible() {
      return env.ui.isVisible(id);
    },
    ui: Object.freeze({
      /** @param {number|string|null} badge e.g. an unread count; 0/null removes it */
      setBadge: (badge) => env.ui.setBadge(id, badge),
      /** @param {string} text a short notice for the participant */
      notify: (text) => env.ui.notify(id, String(text).slice(0, 300)),
      /** @param {string|null} text a room-wide status pill (e.g. "Recording"), null removes it */
      indicator: (text) => env.ui.indicator(id, text === null ? null : String(text).slice(0, 80)),
      open: () => env.ui.open(id),
      close: () => env.ui.close(id),
      /** @param {string} peerId a peer id, or 'local' */
      tile: (peerId) => env.ui.tile(peerId),
    }),
    /**
     * A request to this server's API with the room's credentials added. Only built-in widgets
     * get it: the room secret never reaches widget code.
     * @param {string} path e.g. '/api/translate'
     * @param {RequestInit} [init]
     */
    api: (path, init) => env.api(path, init),
    /**
     * The WebRTC connections to the other participants, for diagnostics (built-in widgets only).
     */
    rtc: Object.freeze({
      /**
       * @param {string} peerId
       * @returns {Promise<RTCStatsReport|null>} the raw stats of the connection to that peer
       */
      stats: async (peerId) => {
        const link = session.links.get(peerId);
        return link ? link.pc.getStats() : null;
      },
      /**
       * @param {string} peerId
       * @returns {{connectionState: string, iceConnectionState: string}|null}
       */
      state: (peerId) => {
        const link = session.links.get(peerId);
        return link
          ? {
              connectionState: link.pc.connectionState,
              iceConnectionState: link.pc.iceConnectionState,
            }
          : null;
      },
      /** @returns {RTCIceServer[]} the STUN/TURN servers this session uses (no credentials) */
      iceServers: () => session.iceServers.map((s) => ({ urls: s.urls })),
    }),
    /**
     * The widget's private values in this tab, kept across a reload and forgotten when the
     * participant leaves for good; only with the `storage` permission.
     */
    storage: rt.entry.permissions.includes('storage')
      ? Object.freeze({
          /** @param {string} key */
          get: (key) => local.get(key),
          /** @param {string} key @param {unknown} value a JSON value up to 1 MiB; null removes */
          set: (key, value) => local.set(key, value),
          /** @param {string} key */
          remove: (key) => local.remove(key),
        })
      : null,
    media: hasMedia
      ? Object.freeze({
          local: () => env.media.local(),
          /** @param {string} peerId */
          remote: (peerId) => env.media.remote(peerId),
          audio: env.media.audio ?? null,
          /** every screen share this page shows: [{peerId, streamId, stream, local}] */
          screens: () => env.media.screens(),
          ...videoStages(rt, env.media.video),
        })
      : null,
  };
  return Object.freeze(ctx);
}
