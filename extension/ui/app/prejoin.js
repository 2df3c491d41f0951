// @ts-check
import { h, replace } from '../shared/dom.js';
import { prefs } from '../shared/links.js';
import { helpLink } from '../shared/help.js';
import { captureMedia, levelMeter, listDevices, stopStream } from './media.js';
import { controlButton } from './control.js';
import { inviteCopier } from './invite.js';
import { t } from '../i18n/i18n.js';

/**
 * Camera/mic preview, level meter, name and device pickers, and the invite link to pass on
 * before anyone has joined.
 * @param {{serverUrl: string, roomName: string, inviteUrl: string, onJoin: (choice: {name: string, stream: MediaStream|null, micOn: boolean, camOn: boolean}) => void}} ctx
 * @returns {{el: HTMLElement, dispose: () => void}}
 */
export function prejoin(ctx) {
  const saved = prefs.load();
  let stream = /** @type {MediaStream|null} */ (null);
  let stopMeter = () => {};
  let micOn = saved.micOn !== false;
  let camOn = saved.camOn !== false;

  const video = /** @type {HTMLVideoElement} */ (
    h('video.preview.mirror', { autoplay: true, playsInline: true, muted: true })
  );
  const placeholder = h('div.preview-off', null, t('prejoin.cameraOff'));
  const meterBar = h('div.meter-bar');
  const meter = h(
    'div.meter',
    { role: 'img', 'aria-label': t('prejoin.micLevel'), title: t('prejoin.micLevel') },
    meterBar,
  );
  const mediaMsg = h('p.media-msg', { role: 'status' });
  const audioSel = /** @type {HTMLSelectElement} */ (h('select', { id: 'mic-select' }));
  const videoSel = /** @type {HTMLSelectElement} */ (h('select', { id: 'cam-select' }));
  const nameInput = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'display-name',
      maxlength: 64,
      placeholder: t('prejoin.namePlaceholder'),
      value: saved.name ?? '',
      autocomplete: 'nickname',
    })
  );
  const micBtn = controlButton({
    id: 'prejoin-mic',
    icon: 'mic',
    label: t('call.mute'),
    onclick: () => setMic(!micOn),
  });
  const camBtn = controlButton({
    id: 'prejoin-cam',
    icon: 'cam',
    label: t('call.stopVideo'),
    onclick: () => setCam(!camOn),
  });
  const joinBtn = h(
    'button.btn.primary.big',
    { type: 'submit', id: 'join-now' },
    t('prejoin.join'),
  );
  const retryBtn = h(
    'button.btn',
    { type: 'button', id: 'retry-media', hidden: true, onclick: () => start() },
    t('prejoin.retry'),
  );
  const invite = inviteCopier(ctx.inviteUrl, 'prejoin-invite');
  let capturing = false;

  function renderToggles() {
    const hasAudio = !!stream?.getAudioTracks().length;
    const hasVideo = !!stream?.getVideoTracks().length;
    const micShown = micOn && hasAudio;
    const camShown = camOn && hasVideo;
    micBtn.set({
      icon: micShown ? 'mic' : 'micOff',
      label: micShown ? t('call.mute') : t('call.unmute'),
      off: !micShown,
    });
    micBtn.el.toggleAttribute('disabled', !hasAudio);
    camBtn.set({
      icon: camShown ? 'cam' : 'camOff',
      label: camShown ? t('call.stopVideo') : t('call.startVideo'),
      off: !camShown,
    });
    camBtn.el.toggleAttribute('disabled', !hasVideo);
    video.hidden = !camShown;
    placeholder.hidden = camShown;
    placeholder.textContent = hasVideo
      ? t('prejoin.cameraOff')
      : capturing
        ? t('prejoin.cameraStarting')
        : t('prejoin.noCamera');
    meter.hidden = !hasAudio;
    retryBtn.hidden = !!stream || capturing;
    joinBtn.textContent = stream || capturing ? t('prejoin.join') : t('prejoin.joinWithout');
  }
  /** @param {boolean} on */
  function setMic(on) {
    micOn = on;
    stream?.getAudioTracks().forEach((t) => (t.enabled = on));
    renderToggles();
  }
  /** @param {boolean} on */
  function setCam(on) {
    camOn = on;
    stream?.getVideoTracks().forEach((t) => (t.enabled = on));
    renderToggles();
  }

  /** @type {Promise<void>} the capture in progress; Join waits for it */
  let starting = Promise.resolve();
  function start() {
    starting = capture();
    return starting;
  }

  async function capture() {
    capturing = true;
    renderToggles();
    stopMeter();
    stopStream(stream);
    const res = await captureMedia({
      audioId: audioSel.value || saved.audioId,
      videoId: videoSel.value || saved.videoId,
    });
    stream = res.stream;
    capturing = false;
    mediaMsg.textContent = res.error ? t(`media.${res.error}`) : '';
    mediaMsg.dataset.error = res.error ?? '';
    video.srcObject = stream;
    if (stream) {
      stopMeter = levelMeter(
        stream,
        (l) => (meterBar.style.transform = `scaleX(${micOn ? l : 0})`),
      );
      setMic(micOn);
      setCam(camOn);
    }
    const devs = await listDevices();
    fill(audioSel, devs.audio, stream?.getAudioTracks()[0]?.getSettings().deviceId, 'microphone');
    fill(videoSel, devs.video, stream?.getVideoTracks()[0]?.getSettings().deviceId, 'camera');
    renderToggles();
  }

  /**
   * @param {HTMLSelectElement} sel
   * @param {MediaDeviceInfo[]} list
   * @param {string|undefined} current
   * @param {'microphone'|'camera'} kind
   */
  function fill(sel, list, current, kind) {
    replace(sel, ...deviceOptions(list, current, kind));
    sel.disabled = list.length === 0;
  }

  audioSel.addEventListener('change', () => {
    prefs.save({ audioId: audioSel.value });
    start();
  });
  videoSel.addEventListener('change', () => {
    prefs.save({ videoId: videoSel.value });
    start();
  });

  const el = h(
    'main.screen.prejoin',
    { dataset: { screen: 'prejoin' } },
    h(
      'div.prejoin-grid',
      null,
      h(
        'div.preview-box',
        null,
        video,
        placeholder,
        h('div.preview-bar', null, micBtn.el, camBtn.el, meter),
      ),
      h(
        'form.card.stack',
        {
          onsubmit: async (/** @type {Event} */ e) => {
            e.preventDefault();
            joinBtn.setAttribute('disabled', '');
            await starting;
            const name = nameInput.value.trim() || t('prejoin.guest');
            prefs.save({ name, micOn, camOn });
            stopMeter();
            stopMeter = () => {};
            const s = stream;
            stream = null;
            ctx.onJoin({ name, stream: s, micOn, camOn });
          },
        },
        h(
          'div.eyebrow-row',
          null,
          h('p.eyebrow', null, t('prejoin.ready')),
          helpLink(ctx.serverUrl, 'prejoin'),
        ),
        ctx.roomName
          ? h('h1.room-title', { translate: 'no' }, ctx.roomName)
          : h('h1.room-title', null, t('room.defaultName')),
        h('label', { for: 'display-name' }, t('prejoin.nameLabel')),
        nameInput,
        h('label', { for: 'mic-select' }, t('devices.microphone')),
        audioSel,
        h('label', { for: 'cam-select' }, t('devices.camera')),
        videoSel,
        mediaMsg,
        retryBtn,
        joinBtn,
        invite.el,
      ),
    ),
  );
  renderToggles();
  start();
  return {
    el,
    dispose() {
      stopMeter();
      stopStream(stream);
    },
  };
}

/**
 * The options of a device picker: the browser's names, or "Camera 2" when it gives none.
 * @param {MediaDeviceInfo[]} list
 * @param {string|undefined} current the device in use
 * @param {'microphone'|'camera'} kind
 */
export function deviceOptions(list, current, kind) {
  return list.map((d, i) =>
    h(
      'option',
      // the browser's (or the system's) name for the device: not ours to translate
      { value: d.deviceId, selected: d.deviceId === current, translate: d.label ? 'no' : null },
      d.label || t(`devices.${kind}N`, { n: i + 1 }),
    ),
  );
}
