// @ts-check
/** Camera/microphone access for the UIs: capture, device lists, a level meter. */

/**
 * @param {{audioId?: string, videoId?: string, audio?: boolean, video?: boolean}} want
 * @returns {Promise<{stream: MediaStream|null, error: string|null}>}
 */
export async function captureMedia(want) {
  const audio =
    want.audio === false ? false : want.audioId ? { deviceId: { exact: want.audioId } } : true;
  const video =
    want.video === false
      ? false
      : {
          width: { ideal: 640 },
          height: { ideal: 360 },
          ...(want.videoId ? { deviceId: { exact: want.videoId } } : {}),
        };
  if (!navigator.mediaDevices?.getUserMedia) return { stream: null, error: 'unsupported' };
  try {
    return { stream: await navigator.mediaDevices.getUserMedia({ audio, video }), error: null };
  } catch (err) {
    const name = /** @type {any} */ (err)?.name;
    if (name === 'OverconstrainedError' && (want.audioId || want.videoId)) {
      return captureMedia({ audio: want.audio, video: want.video });
    }
    if (name === 'NotFoundError' && audio && video) {
      // No camera (or no mic): take what there is.
      const a = await captureMedia({ ...want, video: false });
      if (a.stream) return { stream: a.stream, error: 'no-camera' };
    }
    if (name === 'NotAllowedError' || name === 'SecurityError')
      return { stream: null, error: 'denied' };
    if (name === 'NotReadableError') return { stream: null, error: 'busy' };
    return { stream: null, error: 'unavailable' };
  }
}

/** @returns {Promise<{audio: MediaDeviceInfo[], video: MediaDeviceInfo[]}>} */
export async function listDevices() {
  try {
    const all = await navigator.mediaDevices.enumerateDevices();
    return {
      audio: all.filter((d) => d.kind === 'audioinput'),
      video: all.filter((d) => d.kind === 'videoinput'),
    };
  } catch {
    return { audio: [], video: [] };
  }
}

/**
 * Calls `onLevel(0..1)` about 20 times a second with the loudness of the stream's audio.
 * @param {MediaStream} stream
 * @param {(level: number) => void} onLevel
 * @returns {() => void} stop
 */
export function levelMeter(stream, onLevel) {
  if (!stream.getAudioTracks().length) return () => {};
  const ctx = new AudioContext();
  const src = ctx.createMediaStreamSource(stream);
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 512;
  src.connect(analyser);
  const buf = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(buf);
    let sum = 0;
    for (const v of buf) sum += v * v;
    onLevel(Math.min(1, Math.sqrt(sum / buf.length) * 4));
  }, 50);
  return () => {
    clearInterval(timer);
    src.disconnect();
    ctx.close().catch(() => {});
  };
}

/** @param {MediaStream|null} stream */
export function stopStream(stream) {
  stream?.getTracks().forEach((t) => t.stop());
}
