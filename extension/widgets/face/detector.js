// @ts-check
/**
 * Face detection: MediaPipe BlazeFace short-range (`face_detection_short_range.tflite` from npm
 * `@mediapipe/face_detection`, Apache-2.0; faces within about 2 m of the camera) run by
 * MediaPipe Tasks Vision on the CPU. Frames are scaled to 320×180 pixels first: the model
 * looks at 128×128 anyway, and reading fewer pixels is cheaper.
 */
import { FaceDetector } from '@mediapipe/tasks-vision';
import { FrameSampler, loadModel, visionFileset } from '../../ui/media/vision.js';
import { toFace } from './overlays.js';

export const INPUT_WIDTH = 320;
export const INPUT_HEIGHT = 180;

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
    const image = this.sampler.sample(source, width, height);
    const ts = time > this._lastTime ? time : this._lastTime + 1;
    this._lastTime = ts;
    const result = this.task.detectForVideo(image, ts);
    return result.detections
      .map((d) => toFace(d, INPUT_WIDTH, INPUT_HEIGHT, width, height))
      .filter((f) => f !== null);
  }

  close() {
    this.task.close();
  }
}
