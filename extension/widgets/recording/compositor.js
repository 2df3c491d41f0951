// @ts-check
/**
 * The picture and sound of the whole call as one MediaStream: a canvas that draws every
 * participant's camera (or initial) with their name, screen shares larger, in the room's
 * layout; and a Web Audio mix of every microphone and every screen's sound.
 *
 * Made to keep going when the tab is in the background: video frames are pulled from the
 * tracks with MediaStreamTrackProcessor (no <video> element, which Chrome pauses in hidden
 * tabs), and the drawing is paced by the audio clock (ended events of short audio sources),
 * which background timer throttling does not slow down; a timer takes over while the audio
 * context is not running.
 */
import { layoutTiles, fitRect } from './layout.js';

/**
 * @typedef {object} Source one thing to show
 * @property {string} key stable: `cam:<peerId>` or `screen:<streamId>`
 * @property {'camera'|'screen'} kind
 * @property {string} name shown under the picture
 * @property {MediaStream|null} stream
 * @property {boolean} videoOn false: draw the initial instead of the picture
 * @property {boolean} muted a crossed-out microphone next to the name
 *
 * @typedef {{image: CanvasImageSource, width: number, height: number}} Picture
 */

const BG = '#0d1017';
const TILE = '#232938';
const ACCENT = '#7b86ff';
const SPEAKING = 0.04;

/** Latest frame of one video track. */
class FrameReader {
  /** @param {MediaStreamTrack} track */
  constructor(track) {
    this.trackId = track.id;
    /** @type {any} the newest VideoFrame */
    this.frame = null;
    this.closed = false;
    /** @type {HTMLVideoElement|null} */
    this.video = null;
    // A clone of our own: ending it never touches the room's track.
    this.clone = track.clone();
    const Processor = /** @type {any} */ (globalThis).MediaStreamTrackProcessor;
    if (typeof Processor === 'function') {
      this.reader = new Processor({ track: this.clone }).readable.getReader();
      this._pump();
    } else {
      this.reader = null;
      const v = document.createElement('video');
      v.muted = true;
      v.playsInline = true;
      v.srcObject = new MediaStream([this.clone]);
      v.play().catch(() => {});
      this.video = v;
    }
  }

  async _pump() {
    try {
      for (;;) {
        const { value, done } = await this.reader.read();
        if (done) break;
        if (this.closed) {
          value?.close();
          break;
        }
        this.frame?.close();
        this.frame = value;
      }
    } catch {
      /* the track ended */
    }
  }

  /** @returns {Picture|null} */
  picture() {
    if (this.frame) {
      return {
        image: this.frame,
        width: this.frame.displayWidth,
        height: this.frame.displayHeight,
      };
    }
    const v = this.video;
    if (v && v.videoWidth > 0) return { image: v, width: v.videoWidth, height: v.videoHeight };
    return null;
  }

  close() {
    this.closed = true;
    this.reader?.cancel().catch(() => {});
    this.frame?.close();
    this.frame = null;
    if (this.video) this.video.srcObject = null;
    this.clone.stop();
  }
}

export class Compositor {
  /**
   * @param {{width: number, height: number, fps: number, sources: () => Source[]}} o
   */
  constructor(o) {
    this.width = o.width;
    this.height = o.height;
    this.fps = o.fps;
    this._sources = o.sources;
    this.canvas = document.createElement('canvas');
    this.canvas.width = o.width;
    this.canvas.height = o.height;
    const g = this.canvas.getContext('2d', { alpha: false });
    if (!g) throw new Error('no 2d canvas');
    this.g = g;
    /** @type {Map<string, FrameReader>} by track id */
    this.readers = new Map();
    /** @type {Map<string, {node: MediaStreamAudioSourceNode, analyser: AnalyserNode, key: string}>} by track id */
    this.audio = new Map();
    /** @type {Map<string, number>} source key → loudness 0..1 */
    this.levels = new Map();
    this._buf = new Float32Array(256);
    this.lastDraw = 0;
    this.frames = 0;
    /** @type {Array<() => void>} */
    this._stops = [];
    this.running = false;
  }

  /** @returns {MediaStream} the composite: one video track, one audio track */
  start() {
    const ac = new AudioContext({ sampleRate: 48000 });
    this.ac = ac;
    ac.resume().catch(() => {});
    this.dest = ac.createMediaStreamDestination();
    this.running = true;
    this.draw();
    const video = this.canvas.captureStream(this.fps).getVideoTracks()[0];
    this._stops.push(this._audioTicker(ac), this._timerTicker());
    return new MediaStream([video, ...this.dest.stream.getAudioTracks()]);
  }

  stop() {
    this.running = false;
    this._stops.splice(0).forEach((f) => f());
    for (const r of this.readers.values()) r.close();
    this.readers.clear();
    for (const a of this.audio.values()) a.node.disconnect();
    this.audio.clear();
    this.ac?.close().catch(() => {});
  }

  /** Draws at `fps` from the audio clock: ended events of back-to-back silent sources. */
  _audioTicker(/** @type {AudioContext} */ ac) {
    const sink = ac.createGain();
    sink.gain.value = 0;
    sink.connect(ac.destination);
    let stopped = false;
    const next = () => {
      if (stopped) return;
      const src = ac.createConstantSource();
      src.connect(sink);
      src.onended = () => {
        src.disconnect();
        next();
        this._tick();
      };
      const t = ac.currentTime;
      src.start(t);
      src.stop(t + 1 / this.fps);
    };
    next();
    return () => {
      stopped = true;
      sink.disconnect();
    };
  }

  /** A fallback while the audio clock does not run (a suspended context). */
  _timerTicker() {
    const id = setInterval(() => {
      if (performance.now() - this.lastDraw > 2000 / this.fps) this._tick();
    }, 1000 / this.fps);
    return () => clearInterval(id);
  }

  _tick() {
    if (!this.running) return;
    if (performance.now() - this.lastDraw < 500 / this.fps) return;
    try {
      this.draw();
    } catch (err) {
      console.warn('tfx recording: draw', err);
    }
  }

  /** Keeps one frame reader per video track and one mixer input per audio track. */
  _reconcile(/** @type {Source[]} */ sources) {
    const wantVideo = new Map();
    /** @type {Map<string, {track: MediaStreamTrack, key: string}>} */
    const wantAudio = new Map();
    for (const s of sources) {
      for (const t of s.stream?.getTracks() ?? []) {
        if (t.readyState === 'ended') continue;
        if (t.kind === 'video') wantVideo.set(t.id, t);
        else wantAudio.set(t.id, { track: t, key: s.key });
      }
    }
    for (const [id, r] of this.readers) {
      if (!wantVideo.has(id)) {
        r.close();
        this.readers.delete(id);
      }
    }
    for (const [id, t] of wantVideo)
      if (!this.readers.has(id)) this.readers.set(id, new FrameReader(t));
    if (!this.ac || !this.dest) return;
    for (const [id, a] of this.audio) {
      if (!wantAudio.has(id)) {
        a.node.disconnect();
        this.audio.delete(id);
      }
    }
    for (const [id, { track, key }] of wantAudio) {
      const known = this.audio.get(id);
      if (known) {
        known.key = key;
        continue;
      }
      const node = this.ac.createMediaStreamSource(new MediaStream([track]));
      const analyser = this.ac.createAnalyser();
      analyser.fftSize = 256;
      node.connect(this.dest);
      node.connect(analyser);
      this.audio.set(id, { node, analyser, key });
    }
  }

  _measure() {
    this.levels.clear();
    for (const a of this.audio.values()) {
      a.analyser.getFloatTimeDomainData(this._buf);
      let sum = 0;
      for (const v of this._buf) sum += v * v;
      const level = Math.sqrt(sum / this._buf.length) * 4;
      this.levels.set(a.key, Math.max(this.levels.get(a.key) ?? 0, level));
    }
  }

  draw() {
    const sources = this._sources();
    this._reconcile(sources);
    this._measure();
    const g = this.g;
    g.fillStyle = BG;
    g.fillRect(0, 0, this.width, this.height);
    const cams = sources.filter((s) => s.kind === 'camera');
    const screens = sources.filter((s) => s.kind === 'screen');
    const l = layoutTiles(cams.length, screens.length, this.width, this.height);
    screens.forEach((s, i) => this._tile(s, l.screens[i], 'contain'));
    cams.forEach((s, i) => this._tile(s, l.cameras[i], 'cover'));
    this.lastDraw = performance.now();
    this.frames++;
  }

  /**
   * @param {Source} s
   * @param {import('./layout.js').Rect} r
   * @param {'cover'|'contain'} fit
   */
  _tile(s, r, fit) {
    const g = this.g;
    const radius = Math.round(r.h * 0.05);
    g.save();
    g.beginPath();
    g.roundRect(r.x, r.y, r.w, r.h, radius);
    g.clip();
    g.fillStyle = fit === 'contain' ? '#000' : TILE;
    g.fillRect(r.x, r.y, r.w, r.h);
    const track = s.stream?.getVideoTracks().find((t) => t.readyState !== 'ended');
    const pic = s.videoOn && track ? this.readers.get(track.id)?.picture() : null;
    if (pic && pic.width > 0) {
      const f = fitRect(pic.width, pic.height, r, fit);
      g.drawImage(pic.image, f.sx, f.sy, f.sw, f.sh, f.dx, f.dy, f.dw, f.dh);
    } else {
      this._avatar(s.name, r);
    }
    g.restore();
    this._label(s, r);
    if ((this.levels.get(s.key) ?? 0) > SPEAKING && !s.muted) {
      g.save();
      g.strokeStyle = ACCENT;
      g.lineWidth = Math.max(3, Math.round(r.h * 0.012));
      g.beginPath();
      g.roundRect(r.x + 1, r.y + 1, r.w - 2, r.h - 2, radius);
      g.stroke();
      g.restore();
    }
  }

  /** @param {string} name @param {import('./layout.js').Rect} r */
  _avatar(name, r) {
    const g = this.g;
    const d = Math.min(r.w, r.h) * 0.36;
    const cx = r.x + r.w / 2;
    const cy = r.y + r.h / 2;
    const grad = g.createLinearGradient(cx - d / 2, cy - d / 2, cx + d / 2, cy + d / 2);
    grad.addColorStop(0, '#7b86ff');
    grad.addColorStop(1, '#a98bff');
    g.fillStyle = grad;
    g.beginPath();
    g.arc(cx, cy, d / 2, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#fff';
    g.font = `700 ${Math.round(d * 0.45)}px system-ui, sans-serif`;
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(([...name.trim()][0] ?? '?').toUpperCase(), cx, cy + 1);
  }

  /** @param {Source} s @param {import('./layout.js').Rect} r */
  _label(s, r) {
    const g = this.g;
    const size = Math.max(11, Math.min(22, Math.round(r.h * 0.075)));
    g.font = `600 ${size}px system-ui, sans-serif`;
    g.textAlign = 'left';
    g.textBaseline = 'middle';
    const pad = Math.round(size * 0.5);
    const icon = s.muted ? size + pad / 2 : 0;
    const maxText = r.w - 4 * pad - icon;
    let text = s.name;
    while (text.length > 1 && g.measureText(text).width > maxText) text = text.slice(0, -2) + '…';
    const w = g.measureText(text).width + 2 * pad + icon;
    const h = size + pad;
    const x = r.x + pad;
    const y = r.y + r.h - pad - h;
    g.fillStyle = 'rgba(0, 0, 0, 0.55)';
    g.beginPath();
    g.roundRect(x, y, w, h, Math.round(h * 0.3));
    g.fill();
    if (s.muted) {
      const cx = x + pad + size / 2 - pad / 4;
      const cy = y + h / 2;
      g.fillStyle = '#e0364b';
      g.beginPath();
      g.arc(cx, cy, size / 2, 0, Math.PI * 2);
      g.fill();
      g.strokeStyle = '#fff';
      g.lineWidth = Math.max(1.5, size / 9);
      g.beginPath();
      g.moveTo(cx - size / 4, cy - size / 4);
      g.lineTo(cx + size / 4, cy + size / 4);
      g.stroke();
    }
    g.fillStyle = '#fff';
    g.fillText(text, x + pad + icon, y + h / 2 + 1);
  }
}
