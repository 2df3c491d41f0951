// @ts-check
/**
 * Video filters: an effect (black & white, sepia, blur, pixelate) and/or background blur on the
 * video this participant sends. Works as one stage of the outgoing video pipeline
 * (`ctx.media.addVideoStage`), so the others see exactly what the preview shows; with both
 * set to "none" the stage is removed and the plain camera is sent again.
 *
 * Settings are this participant's own: nothing goes to the other participants but the video.
 */
import { h, replace } from '../../ui/widgets/kit.js';
import { STAGE_ORDER } from '../../ui/media/video-pipeline.js';
import { EFFECTS, EffectPainter, clampStrength, isEffect } from './effects.js';
import { PersonSegmenter } from './segmenter.js';

const STATS_EVERY_MS = 1000;

/** @param {any} ctx the widget context (docs/developer/widget-api.md) */
export function mount(ctx) {
  const root = /** @type {HTMLElement} */ (ctx.container);
  const media = ctx.media;
  const painter = new EffectPainter();
  /** @type {{effect: import('./effects.js').EffectId, strength: number, background: boolean, bgStrength: number}} */
  const settings = { effect: 'none', strength: 5, background: false, bgStrength: 5 };
  /** @type {(() => void)|null} */
  let removeStage = null;
  /** @type {PersonSegmenter|null} */
  let segmenter = null;
  /** @type {Promise<PersonSegmenter|null>|null} */
  let loading = null;
  let segError = '';
  let segMs = 0;

  const preview = /** @type {HTMLVideoElement} */ (
    h('video.filters-preview', { autoplay: true, muted: true, playsInline: true })
  );
  const previewNote = h('p.filters-nocam.muted.small', { hidden: true }, 'Your camera is off.');
  const status = h('p.filters-status.muted.small', { 'aria-live': 'polite' });
  const fps = h('p.filters-fps.muted.small');

  /** @param {string} name @param {string} label @param {boolean} checked @param {string} value */
  const radio = (name, label, checked, value) =>
    h(
      'label.filters-choice',
      null,
      h('input', {
        type: 'radio',
        name,
        value,
        checked,
        onchange: () => {
          if (name === 'effect' && isEffect(value)) settings.effect = value;
          if (name === 'background') settings.background = value === 'blur';
          apply();
        },
      }),
      h('span', null, label),
    );

  /** @param {string} label @param {'strength'|'bgStrength'} key */
  const slider = (label, key) => {
    const input = /** @type {HTMLInputElement} */ (
      h('input', {
        type: 'range',
        min: 1,
        max: 10,
        step: 1,
        value: String(settings[key]),
        'aria-label': label,
        oninput: () => {
          settings[key] = clampStrength(Number(input.value));
        },
      })
    );
    return h('label.filters-slider', { dataset: { for: key } }, h('span', null, 'Strength'), input);
  };

  const effectStrength = slider('Effect strength', 'strength');
  const bgStrength = slider('Background blur strength', 'bgStrength');

  const effectGroup = h(
    'fieldset.filters-group',
    { id: 'filters-effect' },
    h('legend', null, 'Effect'),
    h(
      'div.filters-choices',
      null,
      ...EFFECTS.map((e) => radio('effect', e.label, e.id === settings.effect, e.id)),
    ),
    effectStrength,
  );
  const bgGroup = h(
    'fieldset.filters-group',
    { id: 'filters-background' },
    h('legend', null, 'Background'),
    h(
      'div.filters-choices',
      null,
      radio('background', 'Keep', true, 'keep'),
      radio('background', 'Blur', false, 'blur'),
    ),
    bgStrength,
  );

  const el = h(
    'div.filters',
    null,
    h('div.filters-stage', null, preview, previewNote),
    fps,
    effectGroup,
    bgGroup,
    status,
    h(
      'p.muted.small',
      null,
      'The others see your video with these settings. Background blur runs on this device; ' +
        'no picture leaves it except your video.',
    ),
  );
  replace(root, el);

  /** The stage: background first, then the effect, on every outgoing frame. */
  const stage = {
    order: STAGE_ORDER.filter,
    name: 'filters',
    /** @param {import('../../ui/media/video-pipeline.js').VideoFrameContext} f */
    process(f) {
      if (settings.background && segmenter) {
        const t0 = performance.now();
        segmenter.segment(f.source, f.width, f.height, f.time);
        segMs = segMs * 0.8 + (performance.now() - t0) * 0.2;
        painter.backgroundBlur(f, segmenter.mask, settings.bgStrength);
      }
      if (settings.effect !== 'none') painter.effect(f, settings.effect, settings.strength);
    },
  };

  function apply() {
    const active = settings.effect !== 'none' || settings.background;
    const strengthShown = EFFECTS.find((e) => e.id === settings.effect)?.strength ?? false;
    effectStrength.hidden = !strengthShown;
    bgStrength.hidden = !settings.background;
    if (settings.background && !segmenter && !loading) loadSegmenter();
    if (active && !removeStage) removeStage = media.addVideoStage(stage);
    else if (!active && removeStage) {
      removeStage();
      removeStage = null;
    }
    el.dataset.effect = settings.effect;
    el.dataset.background = settings.background ? 'blur' : 'keep';
    renderStatus();
  }

  function loadSegmenter() {
    segError = '';
    loading = PersonSegmenter.create(import.meta.url).then(
      (s) => {
        segmenter = s;
        renderStatus();
        return s;
      },
      (err) => {
        console.error('tfx filters: segmentation model', err);
        segError = 'Background blur is not available on this device.';
        loading = null;
        renderStatus();
        return null;
      },
    );
    renderStatus();
  }

  function renderStatus() {
    let text;
    if (settings.background && segError) text = segError;
    else if (settings.background && !segmenter) text = 'Loading the background model…';
    else if (removeStage) text = 'Filters on: the others see the filtered video.';
    else text = 'No filter: the others see your plain camera.';
    status.textContent = text;
    el.dataset.segmenter = segmenter ? 'ready' : segError ? 'failed' : loading ? 'loading' : '';
  }

  /** @param {MediaStreamTrack|null} track */
  function showPreview(track) {
    const on = !!track && track.readyState === 'live';
    preview.srcObject = on ? new MediaStream([/** @type {MediaStreamTrack} */ (track)]) : null;
    preview.hidden = !on;
    previewNote.hidden = on;
    if (on && ctx.visible) preview.play().catch(() => {});
  }

  function renderFps() {
    const s = media.videoStats();
    if (!s.engine) {
      const cam = media.local()?.getVideoTracks()[0]?.getSettings();
      fps.textContent = cam?.width
        ? `Sending the camera: ${cam.width}×${cam.height}`
        : 'No camera video to filter.';
      el.dataset.fps = '';
      return;
    }
    const ms = s.stageMs['filters:filters'];
    fps.textContent =
      `Sending ${s.width}×${s.height} at ${s.fps} fps (camera ${s.inputFps} fps)` +
      (ms !== undefined ? ` · filters ${ms.toFixed(1)} ms/frame` : '') +
      (settings.background && segmenter ? ` · segmentation ${segMs.toFixed(1)} ms` : '');
    el.dataset.fps = String(s.fps);
  }

  const offOutput = media.onOutgoingVideo(showPreview);
  showPreview(media.outgoingVideo());
  apply();
  renderFps();
  const timer = setInterval(renderFps, STATS_EVERY_MS);
  ctx.on('show', () => {
    showPreview(media.outgoingVideo());
  });
  ctx.on('hide', () => preview.pause());

  return () => {
    clearInterval(timer);
    offOutput();
    removeStage?.();
    removeStage = null;
    preview.srcObject = null;
    loading?.then((s) => s?.close());
  };
}
