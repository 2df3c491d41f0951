// @ts-check
import { h, icon, replace } from '../shared/dom.js';
import { prefs } from '../shared/links.js';
import { helpLink } from '../shared/help.js';
import { captureMedia, levelMeter, listDevices, stopStream } from './media.js';

const MEDIA_ERRORS = {
  denied:
    'Camera and microphone are blocked. Allow them in the address bar (camera icon), then try again — or join without them.',
  busy: 'Your camera or microphone is in use by another app.',
  'no-camera': 'No camera found: you will join with audio only.',
  unsupported: 'This browser cannot capture media here (it needs https or localhost).',
  unavailable: 'Could not start your camera or microphone.',
};

/**
 * Camera/mic preview, level meter, name and device pickers.
 * @param {{serverUrl: string, roomName: string, onJoin: (choice: {name: string, stream: MediaStream|null, micOn: boolean, camOn: boolean}) => void}} ctx
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
  const placeholder = h('div.preview-off', null, 'Camera is off');
  const meterBar = h('div.meter-bar');
  const meter = h('div.meter', { title: 'Microphone level' }, meterBar);
  const mediaMsg = h('p.media-msg', { role: 'status' });
  const audioSel = /** @type {HTMLSelectElement} */ (
    h('select', { id: 'mic-select', 'aria-label': 'Microphone' })
  );
  const videoSel = /** @type {HTMLSelectElement} */ (
    h('select', { id: 'cam-select', 'aria-label': 'Camera' })
  );
  const nameInput = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'display-name',
      maxlength: 64,
      placeholder: 'Your name',
      value: saved.name ?? '',
      autocomplete: 'nickname',
    })
  );
  const micBtn = h('button.round', {
    type: 'button',
    id: 'prejoin-mic',
    onclick: () => setMic(!micOn),
  });
  const camBtn = h('button.round', {
    type: 'button',
    id: 'prejoin-cam',
    onclick: () => setCam(!camOn),
  });
  const joinBtn = h('button.btn.primary.big', { type: 'submit', id: 'join-now' }, 'Join now');
  const retryBtn = h(
    'button.btn',
    { type: 'button', id: 'retry-media', hidden: true, onclick: () => start() },
    'Try again',
  );
  let capturing = false;

  function renderToggles() {
    const hasAudio = !!stream?.getAudioTracks().length;
    const hasVideo = !!stream?.getVideoTracks().length;
    const micShown = micOn && hasAudio;
    const camShown = camOn && hasVideo;
    replace(micBtn, icon(micShown ? 'mic' : 'micOff'));
    micBtn.classList.toggle('off', !micShown);
    micBtn.toggleAttribute('disabled', !hasAudio);
    micBtn.setAttribute('aria-label', micShown ? 'Mute microphone' : 'Unmute microphone');
    replace(camBtn, icon(camShown ? 'cam' : 'camOff'));
    camBtn.classList.toggle('off', !camShown);
    camBtn.toggleAttribute('disabled', !hasVideo);
    camBtn.setAttribute('aria-label', camShown ? 'Turn camera off' : 'Turn camera on');
    video.hidden = !camShown;
    placeholder.hidden = camShown;
    placeholder.textContent = hasVideo
      ? 'Camera is off'
      : capturing
        ? 'Starting camera…'
        : 'No camera';
    meter.hidden = !hasAudio;
    retryBtn.hidden = !!stream || capturing;
    joinBtn.textContent = stream || capturing ? 'Join now' : 'Join without camera and microphone';
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
    mediaMsg.textContent = res.error
      ? MEDIA_ERRORS[/** @type {keyof typeof MEDIA_ERRORS} */ (res.error)]
      : '';
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
    fill(audioSel, devs.audio, stream?.getAudioTracks()[0]?.getSettings().deviceId, 'Microphone');
    fill(videoSel, devs.video, stream?.getVideoTracks()[0]?.getSettings().deviceId, 'Camera');
    renderToggles();
  }

  /**
   * @param {HTMLSelectElement} sel
   * @param {MediaDeviceInfo[]} list
   * @param {string|undefined} current
   * @param {string} label
   */
  function fill(sel, list, current, label) {
    replace(
      sel,
      ...list.map((d, i) =>
        h(
          'option',
          { value: d.deviceId, selected: d.deviceId === current },
          d.label || `${label} ${i + 1}`,
        ),
      ),
    );
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
    'section.screen.prejoin',
    { dataset: { screen: 'prejoin' } },
    h(
      'div.prejoin-grid',
      null,
      h(
        'div.preview-box',
        null,
        video,
        placeholder,
        h('div.preview-bar', null, micBtn, camBtn, meter),
      ),
      h(
        'form.card.stack',
        {
          onsubmit: async (/** @type {Event} */ e) => {
            e.preventDefault();
            joinBtn.setAttribute('disabled', '');
            await starting;
            const name = nameInput.value.trim() || 'Guest';
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
          h('p.eyebrow', null, 'Ready to join?'),
          helpLink(ctx.serverUrl, 'prejoin'),
        ),
        h('h1.room-title', null, ctx.roomName || 'Meeting'),
        h('label', { for: 'display-name' }, 'Your name'),
        nameInput,
        h('label', { for: 'mic-select' }, 'Microphone'),
        audioSel,
        h('label', { for: 'cam-select' }, 'Camera'),
        videoSel,
        mediaMsg,
        retryBtn,
        joinBtn,
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
