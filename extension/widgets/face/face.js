// @ts-check
/**
 * Face effects: finds faces in this participant's camera picture on this device and draws a
 * box, the six landmarks and a fun mask over them on the video the others see (an overlay
 * stage of the outgoing video pipeline, after the filters). Off until switched on.
 *
 * The detector runs on its own schedule inside the stage (at most 15 times a second, less when
 * it is slow); every frame gets the latest faces drawn, so the video never waits for it.
 */
import { h, previewOutgoingVideo, replace } from '../../ui/widgets/kit.js';
import { STAGE_ORDER } from '../../ui/media/video-pipeline.js';
import { JobMeter, LazyModel } from '../../ui/media/vision.js';
import { FaceFinder } from './detector.js';
import { MASKS, drawFace, isMask } from './overlays.js';
import { localize } from '../../ui/i18n/locale.js';
import messages from './messages.js';

const tr = localize(messages);

const MAX_DETECTIONS_PER_SECOND = 15;
const STATS_EVERY_MS = 250;
/** Faces not seen again for this long are no longer drawn. */
const STALE_MS = 600;

/** @param {any} ctx the widget context (docs/developer/widget-api.md) */
export function mount(ctx) {
  const root = /** @type {HTMLElement} */ (ctx.container);
  const media = ctx.media;
  /** @type {{on: boolean, box: boolean, landmarks: boolean, mask: import('./overlays.js').MaskId}} */
  const settings = { on: false, box: true, landmarks: true, mask: 'none' };
  /** @type {LazyModel<FaceFinder>} */
  const finder = new LazyModel(() => FaceFinder.create(import.meta.url), {
    logAs: 'tfx face: detection model',
    unavailable: tr('unavailable'),
    onChange: render,
  });
  /** @type {(() => void)|null} */
  let removeStage = null;
  /** @type {import('./overlays.js').Face[]} */
  let faces = [];
  let facesAt = 0;
  let lastRun = -Infinity;
  let lastMs = 0;
  const meter = new JobMeter();

  const preview = /** @type {HTMLVideoElement} */ (
    h('video.face-preview', { autoplay: true, muted: true, playsInline: true })
  );
  const onSwitch = /** @type {HTMLInputElement} */ (
    h('input', {
      type: 'checkbox',
      id: 'face-on',
      onchange: () => {
        settings.on = onSwitch.checked;
        apply();
      },
    })
  );
  /** @param {'box'|'landmarks'} key @param {string} label */
  const option = (key, label) =>
    h(
      'label.face-check',
      null,
      h('input', {
        type: 'checkbox',
        id: `face-${key}`,
        checked: settings[key],
        onchange: (/** @type {Event} */ e) => {
          settings[key] = /** @type {HTMLInputElement} */ (e.target).checked;
        },
      }),
      h('span', null, label),
    );
  const maskSelect = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      {
        id: 'face-mask',
        onchange: () => {
          if (isMask(maskSelect.value)) settings.mask = maskSelect.value;
        },
      },
      ...MASKS.map((m) => h('option', { value: m.id }, tr(`mask.${m.id}`))),
    )
  );
  const result = h('p.face-result', { 'aria-live': 'polite' });
  const rate = h('p.face-fps.muted.small');
  const status = h('p.face-status.muted.small');

  const el = h(
    'div.face',
    null,
    h('div.face-stage', null, preview),
    h('label.face-switch', null, onSwitch, h('span', null, tr('detect'))),
    h(
      'div.face-options',
      null,
      option('box', tr('box')),
      option('landmarks', tr('landmarks')),
      h('label.face-mask', { for: 'face-mask' }, tr('mask')),
      maskSelect,
    ),
    result,
    rate,
    status,
    h('p.muted.small', null, tr('onDevice')),
  );
  replace(root, el);

  const stage = {
    order: STAGE_ORDER.overlay,
    name: 'face',
    /** @param {import('../../ui/media/video-pipeline.js').VideoFrameContext} f */
    process(f) {
      const now = performance.now();
      const interval = Math.max(1000 / MAX_DETECTIONS_PER_SECOND, lastMs * 2);
      if (finder.model && now - lastRun >= interval) {
        lastRun = now;
        faces = finder.model.detect(f.source, f.width, f.height, f.time);
        facesAt = now;
        lastMs = performance.now() - now;
        meter.add(now, lastMs);
        frameSize = { width: f.width, height: f.height };
      }
      if (now - facesAt > STALE_MS) return;
      for (const face of faces) drawFace(f.ctx, face, settings);
    },
  };
  let frameSize = { width: 0, height: 0 };

  function apply() {
    el.dataset.on = String(settings.on);
    if (settings.on) finder.load();
    if (settings.on && !removeStage) removeStage = media.addVideoStage(stage);
    if (!settings.on && removeStage) {
      removeStage();
      removeStage = null;
      faces = [];
    }
    render();
  }

  function render() {
    const now = performance.now();
    const live = settings.on && finder.model && now - facesAt <= STALE_MS ? faces : [];
    el.dataset.model = finder.state;
    el.dataset.faces = String(live.length);
    // For tests and assistive tools: the boxes in camera pixels.
    el.dataset.boxes = JSON.stringify(
      live.map((f) => [f.x, f.y, f.width, f.height].map((v) => Math.round(v))),
    );
    el.dataset.frame = `${frameSize.width}x${frameSize.height}`;
    if (!settings.on) result.textContent = tr('off');
    else if (finder.error) result.textContent = finder.error;
    else if (!finder.model) result.textContent = tr('loading');
    else if (live.length === 0) result.textContent = tr('none');
    else {
      const best = Math.max(...live.map((f) => f.score));
      result.textContent = tr('found', { n: live.length, sure: Math.round(best * 100) });
    }
    const m = meter.read(now);
    const v = media.videoStats();
    rate.textContent =
      settings.on && finder.model
        ? tr('rate', { perSecond: m.perSecond, ms: m.avgMs.toFixed(1), fps: v.fps })
        : '';
    el.dataset.detectFps = String(m.perSecond);
    status.textContent = media.local()?.getVideoTracks().length ? '' : tr('noCamera');
  }

  const stopPreview = previewOutgoingVideo(ctx, preview);
  apply();
  const timer = setInterval(render, STATS_EVERY_MS);

  return () => {
    clearInterval(timer);
    stopPreview();
    removeStage?.();
    removeStage = null;
    finder.close();
  };
}
