// @ts-check
/**
 * Face detection: MediaPipe BlazeFace short-range (`face_detection_short_range.tflite` from npm
 * `@mediapipe/face_detection`, Apache-2.0; faces within about 2 m of the camera) run by
 * MediaPipe Tasks Vision on the CPU.
 *
 * The model sees 128×128 pixels. A wide frame squeezed into that (letterboxed) leaves a face
 * that fills a fifth of the frame's width only ~13 pixels, and the detector's confidence drops
 * below 0.5 (measured on the test portrait: 0.43–0.53 letterboxed, 0.92 cropped). So each run
 * looks twice: at the whole frame (faces close to the camera, anywhere) and at the centred
 * square (smaller faces in the middle, where people sit); overlapping finds are merged.
 */
import { FaceDetector } from '@mediapipe/tasks-vision';
import { FrameSampler, loadModel, visionFileset } from '../../ui/media/vision.js';
import { mergeFaces, toFace } from './overlays.js';

export const INPUT_WIDTH = 320;
export const INPUT_HEIGHT = 180;
export const CROP_SIZE = 192;

export class FaceFinder {
  /**
   * @param {string} moduleUrl the widget module's URL (models and runtime are found from it)
   * @param {{minConfidence?: number}} [o]
   * @returns {Promise<FaceFinder>}
   */
  static async create(moduleUrl, o = {}) {
    const model = await loadModel(
      new URL('models/face_detection_short_range.tflite', moduleUrl),
      // The model takes RGB in -1..1.
      { modelName: 'face_detection_short_range', mean: [127.5], std: [127.5] },
    );
    const task = await FaceDetector.createFromOptions(visionFileset(moduleUrl), {
      baseOptions: { modelAssetBuffer: model, delegate: 'CPU' },
      runningMode: 'VIDEO',
      minDetectionConfidence: o.minConfidence ?? 0.6,
    });
    return new FaceFinder(task);
  }

  /** @param {FaceDetector} task */
  constructor(task) {
    this.task = task;
    this.sampler = new FrameSampler(INPUT_WIDTH, INPUT_HEIGHT);
    this.cropSampler = new FrameSampler(CROP_SIZE, CROP_SIZE);
    this._lastTime = -1;
  }

  /**
   * @param {CanvasImageSource} source
   * @param {number} width of the source (faces come back in these pixels)
   * @param {number} height
   * @param {number} time ms, increasing
   * @returns {import('./overlays.js').Face[]}
   */
  detect(source, width, height, time) {
    const whole = this._run(this.sampler.sample(source, width, height), time).map((d) =>
      toFace(d, INPUT_WIDTH, INPUT_HEIGHT, width, height),
    );
    /** @type {Array<import('./overlays.js').Face|null>} */
    let centre = [];
    if (width > height * 1.2) {
      const side = height;
      const x0 = (width - side) / 2;
      const image = this.cropSampler.sample(source, width, height, { x: x0, y: 0, side });
      centre = this._run(image, time).map((d) => {
        const f = toFace(d, CROP_SIZE, CROP_SIZE, side, side);
        if (!f) return null;
        return {
          ...f,
          x: f.x + x0,
          points: f.points.map((p) => ({ x: p.x + x0, y: p.y })),
        };
      });
    }
    return mergeFaces(
      [...whole, ...centre].filter((f) => f !== null),
      0.3,
    );
  }

  /**
   * @param {ImageData} image
   * @param {number} time
   */
  _run(image, time) {
    const ts = time > this._lastTime ? time : this._lastTime + 1;
    this._lastTime = ts;
    return this.task.detectForVideo(image, ts).detections;
  }

  close() {
    this.task.close();
  }
}
