// @ts-check
/**
 * The outgoing video pipeline: the camera track in `session.localStream` stays the source;
 * stages (filters, overlays) contributed by widgets turn each camera frame into the frame that
 * is sent to the peers and shown in our own tile. With no stage the camera itself is sent.
 *
 * Two engines, the first one the browser has:
 * - `track-processor`: `MediaStreamTrackProcessor` → stages on an `OffscreenCanvas` →
 *   `MediaStreamTrackGenerator`. Frame-exact (one output frame per camera frame, same
 *   timestamp), no `<video>` element, no timer; Chrome 94+.
 * - `canvas`: a hidden `<video>` plays the camera, each new frame (requestVideoFrameCallback)
 *   is drawn on a canvas, and `canvas.captureStream()` is sent. Any browser with canvas capture.
 * See docs/developer/widget-api.md (Video stages) for the measurements behind the choice.
 *
 * A stage is `{order, name, process(frame)}`; stages run in ascending `order` on every frame.
 * `frame.ctx` is a 2D context whose canvas already holds the picture so far (the camera frame,
 * then each earlier stage's result); a stage draws over it. `frame.source` is the untouched
 * camera frame (for detectors and for effects that need the original, like background blur).
 * `process` is synchronous: slow work (a detector) should run on its own schedule and the stage
 * should draw its latest result, so that the video never waits for it.
 */

/** Stage orders used by the built-in widgets: lower runs first. */
export const STAGE_ORDER = Object.freeze({ filter: 100, overlay: 200 });

/**
 * @typedef {object} VideoFrameContext
 * @property {OffscreenCanvasRenderingContext2D|CanvasRenderingContext2D} ctx draw here
 * @property {OffscreenCanvas|HTMLCanvasElement} canvas the canvas of `ctx`
 * @property {number} width
 * @property {number} height
 * @property {number} time milliseconds, increasing (the frame's capture time where known)
 * @property {CanvasImageSource} source the camera frame as it came
 *
 * @typedef {object} VideoStage
 * @property {number} order
 * @property {string} [name] for statistics
 * @property {(frame: VideoFrameContext) => void} process
 *
 * @typedef {object} PipelineSession the part of a TfxSession the pipeline uses
 * @property {MediaStream|null} localStream
 * @property {(kind: 'audio'|'video', track: MediaStreamTrack|null) => Promise<void>} setOutgoingTrack
 * @property {(event: string, fn: (e: any) => void) => () => void} on
 *
 * @typedef {object} PipelineStats
 * @property {'track-processor'|'canvas'|null} engine null while nothing runs
 * @property {number} fps output frames per second over the last second
 * @property {number} inputFps camera frames per second over the last second
 * @property {number} frames output frames since start
 * @property {number} dropped camera frames the stages were too slow for
 * @property {number} width
 * @property {number} height
 * @property {Record<string, number>} stageMs average time per frame of each stage (last second)
 */

/** @returns {'track-processor'|'canvas'} */
export function bestEngine() {
  const g = /** @type {any} */ (globalThis);
  return typeof g.MediaStreamTrackProcessor === 'function' &&
    typeof g.MediaStreamTrackGenerator === 'function' &&
    typeof g.VideoFrame === 'function' &&
    typeof g.OffscreenCanvas === 'function'
    ? 'track-processor'
    : 'canvas';
}

/** Counts events per second over a sliding one-second window. */
export class RateMeter {
  constructor() {
    /** @type {number[]} */
    this._times = [];
  }
  /** @param {number} now */
  tick(now) {
    this._times.push(now);
    this.trim(now);
  }
  /** @param {number} now */
  trim(now) {
    while (this._times.length && this._times[0] <= now - 1000) this._times.shift();
  }
  /** @param {number} now */
  rate(now) {
    this.trim(now);
    return this._times.length;
  }
}

/**
 * Sorts stages by order; equal orders keep the order they were added in.
 * @param {Array<VideoStage & {seq: number}>} stages
 */
export function sortStages(stages) {
  return [...stages].sort((a, b) => a.order - b.order || a.seq - b.seq);
}

/**
 * @param {unknown} stage
 * @returns {asserts stage is VideoStage}
 */
export function checkStage(stage) {
  const s = /** @type {any} */ (stage);
  if (!s || typeof s !== 'object' || typeof s.process !== 'function') {
    throw new TypeError('a video stage needs a process(frame) function');
  }
  if (typeof s.order !== 'number' || !Number.isFinite(s.order)) {
    throw new TypeError('a video stage needs a numeric order');
  }
}

export class VideoPipeline {
  /**
   * @param {PipelineSession} session
   * @param {{engine?: 'track-processor'|'canvas'}} [options]
   */
  constructor(session, options = {}) {
    this.session = session;
    this.engineName = options.engine ?? bestEngine();
    /** @type {Array<VideoStage & {seq: number}>} */
    this._stages = [];
    this._seq = 0;
    /** @type {{stop: () => void, track: MediaStreamTrack, source: MediaStreamTrack}|null} */
    this._run = null;
    this._outMeter = new RateMeter();
    this._inMeter = new RateMeter();
    this._frames = 0;
    this._dropped = 0;
    this._size = { width: 0, height: 0 };
    /** @type {Map<string, {total: number, n: number, avg: number, since: number}>} */
    this._stageTimes = new Map();
    /** @type {Set<(track: MediaStreamTrack|null) => void>} */
    this._listeners = new Set();
    this._offs = [
      session.on('local-track', ({ kind }) => {
        if (kind === 'video') this._restart();
      }),
    ];
  }

  /**
   * Adds a stage; returns the function that removes it.
   * @param {VideoStage} stage
   * @returns {() => void}
   */
  addStage(stage) {
    checkStage(stage);
    const entry = { ...stage, name: String(stage.name ?? 'stage'), seq: ++this._seq };
    this._stages = sortStages([...this._stages, entry]);
    this._ensureRunning();
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      this._stages = this._stages.filter((s) => s !== entry);
      this._stageTimes.delete(entry.name);
      if (this._stages.length === 0) this._stopRun(true);
    };
  }

  /** @returns {number} */
  get stageCount() {
    return this._stages.length;
  }

  /** The track being sent: the pipeline's output while it runs, else the camera (or null). */
  outputTrack() {
    return this._run?.track ?? this._camera();
  }

  /**
   * Called with the new outgoing video track whenever it changes (pipeline starts or stops,
   * camera switched). Returns the unsubscribe function.
   * @param {(track: MediaStreamTrack|null) => void} fn
   */
  onOutput(fn) {
    this._listeners.add(fn);
    return () => this._listeners.delete(fn);
  }

  /** @returns {PipelineStats} */
  stats() {
    const now = performance.now();
    /** @type {Record<string, number>} */
    const stageMs = {};
    for (const [name, t] of this._stageTimes) stageMs[name] = Math.round(t.avg * 10) / 10;
    return {
      engine: this._run ? this.engineName : null,
      fps: this._run ? this._outMeter.rate(now) : 0,
      inputFps: this._run ? this._inMeter.rate(now) : 0,
      frames: this._frames,
      dropped: this._dropped,
      width: this._size.width,
      height: this._size.height,
      stageMs,
    };
  }

  dispose() {
    this._offs.forEach((off) => off());
    this._stages = [];
    this._stopRun(true);
    this._listeners.clear();
  }

  /** @returns {MediaStreamTrack|null} */
  _camera() {
    const t = this.session.localStream?.getVideoTracks()[0];
    return t && t.readyState === 'live' ? t : null;
  }

  _ensureRunning() {
    if (this._run || this._stages.length === 0) return;
    const source = this._camera();
    if (!source) return;
    const run =
      this.engineName === 'track-processor'
        ? this._startTrackProcessor(source)
        : this._startCanvas(source);
    this._run = run;
    this.session.setOutgoingTrack('video', run.track).catch(() => {});
    this._emit(run.track);
  }

  /** The camera changed: the pipeline follows it. */
  _restart() {
    if (!this._run) {
      this._ensureRunning();
      return;
    }
    const old = this._run;
    this._run = null;
    this._ensureRunning();
    // Stop the old run only after the new track replaced it on the connections.
    old.stop();
    if (!this._run) this.session.setOutgoingTrack('video', null).catch(() => {});
  }

  /** @param {boolean} restoreCamera */
  _stopRun(restoreCamera) {
    const run = this._run;
    if (!run) return;
    this._run = null;
    if (restoreCamera) {
      this.session.setOutgoingTrack('video', null).catch(() => {});
      this._emit(this._camera());
    }
    run.stop();
  }

  /** @param {MediaStreamTrack|null} track */
  _emit(track) {
    for (const fn of this._listeners) {
      try {
        fn(track);
      } catch (err) {
        console.warn('tfx video pipeline listener', err);
      }
    }
  }

  /**
   * Runs the stages over the frame that is already drawn on `ctx`.
   * @param {VideoFrameContext} frame
   */
  _runStages(frame) {
    const now = performance.now();
    for (const stage of this._stages) {
      const t0 = performance.now();
      try {
        frame.ctx.save();
        stage.process(frame);
      } catch (err) {
        console.warn(`tfx video stage ${stage.name} failed`, err);
      } finally {
        frame.ctx.restore();
      }
      this._timeStage(/** @type {string} */ (stage.name), performance.now() - t0, now);
    }
    this._frames++;
    this._outMeter.tick(now);
  }

  /**
   * @param {string} name
   * @param {number} ms
   * @param {number} now
   */
  _timeStage(name, ms, now) {
    let t = this._stageTimes.get(name);
    if (!t) {
      t = { total: 0, n: 0, avg: ms, since: now };
      this._stageTimes.set(name, t);
    }
    t.total += ms;
    t.n++;
    if (now - t.since >= 1000) {
      t.avg = t.total / t.n;
      t.total = 0;
      t.n = 0;
      t.since = now;
    }
  }

  /**
   * @param {MediaStreamTrack} source
   * @returns {{stop: () => void, track: MediaStreamTrack, source: MediaStreamTrack}}
   */
  _startTrackProcessor(source) {
    const g = /** @type {any} */ (globalThis);
    const processor = new g.MediaStreamTrackProcessor({ track: source, maxBufferSize: 2 });
    const generator = /** @type {MediaStreamTrack & {writable: WritableStream}} */ (
      new g.MediaStreamTrackGenerator({ kind: 'video' })
    );
    const reader = processor.readable.getReader();
    const writer = generator.writable.getWriter();
    /** @type {OffscreenCanvas|null} */
    let canvas = null;
    /** @type {OffscreenCanvasRenderingContext2D|null} */
    let ctx = null;
    let stopped = false;
    let lastTs = -1;

    const pump = async () => {
      while (!stopped) {
        const { value: frame, done } = await reader.read();
        if (done || !frame) break;
        const now = performance.now();
        this._inMeter.tick(now);
        if (stopped) {
          frame.close();
          break;
        }
        const w = frame.displayWidth;
        const h = frame.displayHeight;
        if (!canvas || canvas.width !== w || canvas.height !== h) {
          canvas = new OffscreenCanvas(w, h);
          ctx = /** @type {OffscreenCanvasRenderingContext2D} */ (
            canvas.getContext('2d', { alpha: false, desynchronized: true })
          );
          this._size = { width: w, height: h };
        }
        const c = /** @type {OffscreenCanvasRenderingContext2D} */ (ctx);
        c.drawImage(frame, 0, 0, w, h);
        const time = frame.timestamp / 1000;
        this._runStages({
          ctx: c,
          canvas: /** @type {OffscreenCanvas} */ (canvas),
          width: w,
          height: h,
          time: time > lastTs ? time : lastTs + 1,
          source: frame,
        });
        lastTs = Math.max(time, lastTs + 1);
        const out = new g.VideoFrame(canvas, { timestamp: frame.timestamp });
        frame.close();
        // Backpressure: a generator whose sink is slow keeps at most one frame waiting.
        if (writer.desiredSize !== null && writer.desiredSize <= 0) {
          this._dropped++;
          out.close();
          continue;
        }
        writer.write(out).catch(() => out.close());
      }
    };
    pump().catch((err) => {
      if (!stopped) console.warn('tfx video pipeline stopped', err);
    });
    generator.enabled = source.enabled;
    return {
      track: generator,
      source,
      stop: () => {
        stopped = true;
        reader.cancel().catch(() => {});
        writer.close().catch(() => {});
        generator.stop();
      },
    };
  }

  /**
   * @param {MediaStreamTrack} source
   * @returns {{stop: () => void, track: MediaStreamTrack, source: MediaStreamTrack}}
   */
  _startCanvas(source) {
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = new MediaStream([source]);
    const canvas = document.createElement('canvas');
    const settings = source.getSettings();
    canvas.width = settings.width ?? 640;
    canvas.height = settings.height ?? 360;
    const ctx = /** @type {CanvasRenderingContext2D} */ (
      canvas.getContext('2d', { alpha: false, desynchronized: true })
    );
    const stream = canvas.captureStream(settings.frameRate ?? 30);
    const track = stream.getVideoTracks()[0];
    let stopped = false;
    let lastTs = -1;
    const v = /** @type {any} */ (video);
    const draw = (/** @type {number} */ now, /** @type {any} */ meta) => {
      if (stopped) return;
      this._inMeter.tick(performance.now());
      const w = video.videoWidth;
      const h = video.videoHeight;
      if (w && h) {
        if (canvas.width !== w || canvas.height !== h) {
          canvas.width = w;
          canvas.height = h;
        }
        this._size = { width: w, height: h };
        ctx.drawImage(video, 0, 0, w, h);
        const time = meta?.mediaTime ? meta.mediaTime * 1000 : now;
        this._runStages({
          ctx,
          canvas,
          width: w,
          height: h,
          time: time > lastTs ? time : lastTs + 1,
          source: video,
        });
        lastTs = Math.max(time, lastTs + 1);
      }
      schedule();
    };
    /** @type {ReturnType<typeof setTimeout>|undefined} */
    let timer;
    const schedule = () => {
      if (typeof v.requestVideoFrameCallback === 'function') v.requestVideoFrameCallback(draw);
      else timer = setTimeout(() => draw(performance.now(), null), 1000 / 30);
    };
    video.play().catch(() => {});
    schedule();
    track.enabled = source.enabled;
    return {
      track,
      source,
      stop: () => {
        stopped = true;
        clearTimeout(timer);
        track.stop();
        video.srcObject = null;
      },
    };
  }
}
