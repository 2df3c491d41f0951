// @ts-check
/**
 * Video filters: an effect (black & white, sepia, blur, pixelate) and/or background blur on the
 * video this participant sends. Works as one stage of the outgoing video pipeline
 * (`ctx.media.addVideoStage`), so the others see exactly what the preview shows; with both
 * set to "none" the stage is removed and the plain camera is sent again.
 *
 * Settings are this participant's own: nothing goes to the other participants but the video.
 */
import { h, previewOutgoingVideo, replace } from '../../ui/widgets/kit.js';
import { STAGE_ORDER } from '../../ui/media/video-pipeline.js';
import { LazyModel } from '../../ui/media/vision.js';
import { EFFECTS, EffectPainter, clampStrength, isEffect } from './effects.js';
import { PersonSegmenter } from './segmenter.js';
import { localize } from '../../ui/i18n/locale.js';
import messages from './messages.js';

const tr = localize(messages);

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
  /** @type {LazyModel<PersonSegmenter>} */
  const segmenter = new LazyModel(() => PersonSegmenter.create(import.meta.url), {
    logAs: 'tfx filters: segmentation model',
    unavailable: tr('unavailable'),
    onChange: renderStatus,
  });
  let segMs = 0;

  const preview = /** @type {HTMLVideoElement} */ (
    h('video.filters-preview', { autoplay: true, muted: true, playsInline: true })
  );
  const previewNote = h('p.filters-nocam.muted.small', { hidden: true }, tr('cameraOff'));
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
    return h(
      'label.filters-slider',
      { dataset: { for: key } },
      h('span', null, tr('strength')),
      input,
    );
  };

  const effectStrength = slider(tr('effectStrength'), 'strength');
  const bgStrength = slider(tr('bgStrength'), 'bgStrength');

  const effectGroup = h(
    'fieldset.filters-group',
    { id: 'filters-effect' },
    h('legend', null, tr('effect')),
    h(
      'div.filters-choices',
      null,
      ...EFFECTS.map((e) => radio('effect', tr(`effect.${e.id}`), e.id === settings.effect, e.id)),
    ),
    effectStrength,
  );
  const bgGroup = h(
    'fieldset.filters-group',
    { id: 'filters-background' },
    h('legend', null, tr('background')),
    h(
      'div.filters-choices',
      null,
      radio('background', tr('keep'), true, 'keep'),
      radio('background', tr('blur'), false, 'blur'),
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
    h('p.muted.small', null, tr('privacy')),
  );
  replace(root, el);

  /** The stage: background first, then the effect, on every outgoing frame. */
  const stage = {
    order: STAGE_ORDER.filter,
    name: 'filters',
    /** @param {import('../../ui/media/video-pipeline.js').VideoFrameContext} f */
    process(f) {
      if (settings.background && segmenter.model) {
        const t0 = performance.now();
        segmenter.model.segment(f.source, f.width, f.height, f.time);
        segMs = segMs * 0.8 + (performance.now() - t0) * 0.2;
        painter.backgroundBlur(f, segmenter.model.mask, settings.bgStrength);
      }
      if (settings.effect !== 'none') painter.effect(f, settings.effect, settings.strength);
    },
  };

  function apply() {
    const active = settings.effect !== 'none' || settings.background;
    const strengthShown = EFFECTS.find((e) => e.id === settings.effect)?.strength ?? false;
    effectStrength.hidden = !strengthShown;
    bgStrength.hidden = !settings.background;
    if (settings.background) segmenter.load();
    if (active && !removeStage) removeStage = media.addVideoStage(stage);
    else if (!active && removeStage) {
      removeStage();
      removeStage = null;
    }
    el.dataset.effect = settings.effect;
    el.dataset.background = settings.background ? 'blur' : 'keep';
    renderStatus();
  }

  function renderStatus() {
    let text;
    if (settings.background && segmenter.error) text = segmenter.error;
    else if (settings.background && !segmenter.model) text = tr('loading');
    else if (removeStage) text = tr('on');
    else text = tr('off');
    status.textContent = text;
    el.dataset.segmenter = segmenter.state;
  }

  function renderFps() {
    const s = media.videoStats();
    if (!s.engine) {
      const cam = media.local()?.getVideoTracks()[0]?.getSettings();
      fps.textContent = cam?.width
        ? tr('sendingCamera', { width: cam.width, height: cam.height ?? '' })
        : tr('noCamera');
      el.dataset.fps = '';
      return;
    }
    const ms = s.stageMs['filters:filters'];
    fps.textContent =
      tr('sending', { width: s.width, height: s.height, fps: s.fps, inputFps: s.inputFps }) +
      (ms !== undefined ? tr('filterMs', { ms: ms.toFixed(1) }) : '') +
      (settings.background && segmenter.model
        ? tr('segmentation', {
            ms: segMs.toFixed(1),
            percent: Math.round(segmenter.model.coverage * 100),
          })
        : '');
    el.dataset.fps = String(s.fps);
    el.dataset.coverage = segmenter.model ? String(segmenter.model.coverage) : '';
  }

  const stopPreview = previewOutgoingVideo(ctx, preview, (live) => {
    preview.hidden = !live;
    previewNote.hidden = live;
  });
  apply();
  renderFps();
  const timer = setInterval(renderFps, STATS_EVERY_MS);

  return () => {
    clearInterval(timer);
    stopPreview();
    removeStage?.();
    removeStage = null;
    segmenter.close();
  };
}
