// @ts-check
/** A ring tone made with Web Audio (two tones, on 1 s, off 2 s): nothing to download. */
export class Ringer {
  constructor() {
    /** @type {AudioContext|null} */
    this.audio = null;
    /** @type {ReturnType<typeof setInterval>|undefined} */
    this.timer = undefined;
  }

  start() {
    if (this.timer !== undefined) return;
    try {
      this.audio = new AudioContext();
    } catch {
      return;
    }
    const ring = () => {
      const a = this.audio;
      if (!a) return;
      const gain = a.createGain();
      gain.gain.value = 0.08;
      gain.connect(a.destination);
      for (const f of [440, 480]) {
        const o = a.createOscillator();
        o.frequency.value = f;
        o.connect(gain);
        o.start();
        o.stop(a.currentTime + 1);
      }
    };
    ring();
    this.timer = setInterval(ring, 3000);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    this.audio?.close().catch(() => {});
    this.audio = null;
  }
}
