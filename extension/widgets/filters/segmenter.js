// @ts-check
/**
 * Person segmentation for background blur: MediaPipe's selfie segmentation model (landscape
 * variant, 256×144 input, from npm `@mediapipe/selfie_segmentation`, Apache-2.0) run by
 * MediaPipe Tasks Vision on the CPU. The mask is kept as an alpha-only canvas that the painter
 * scales up to the frame.
 */
import { ImageSegmenter } from '@mediapipe/tasks-vision';
import { FrameSampler, loadModel, visionFileset } from '../../ui/media/vision.js';
import { maskToAlpha } from './effects.js';

export const MODEL_WIDTH = 256;
export const MODEL_HEIGHT = 144;

export class PersonSegmenter {
  /**
   * @param {string} moduleUrl the widget module's URL (models and runtime are found from it)
   * @returns {Promise<PersonSegmenter>}
   */
  static async create(moduleUrl) {
    const model = await loadModel(
      new URL('models/selfie_segmentation_landscape.tflite', moduleUrl),
      // The model takes RGB in 0..1.
      { modelName: 'selfie_segmentation_landscape', mean: [0], std: [255] },
    );
    const task = await ImageSegmenter.createFromOptions(visionFileset(moduleUrl), {
      baseOptions: { modelAssetBuffer: model, delegate: 'CPU' },
      runningMode: 'VIDEO',
      outputConfidenceMasks: true,
      outputCategoryMask: false,
    });
    return new PersonSegmenter(task);
  }

  /** @param {ImageSegmenter} task */
  constructor(task) {
    this.task = task;
    this.sampler = new FrameSampler(MODEL_WIDTH, MODEL_HEIGHT);
    this.mask = new OffscreenCanvas(MODEL_WIDTH, MODEL_HEIGHT);
    this._maskCtx = /** @type {OffscreenCanvasRenderingContext2D} */ (this.mask.getContext('2d'));
    this._pixels = new ImageData(MODEL_WIDTH, MODEL_HEIGHT);
    this._lastTime = -1;
    /** share of the frame the person covers, 0..1 (for the UI and tests) */
    this.coverage = 0;
  }

  /**
   * Segments one frame and updates `mask`.
   * @param {CanvasImageSource} source
   * @param {number} width of the source
   * @param {number} height of the source
   * @param {number} time ms, increasing
   */
  segment(source, width, height, time) {
    const image = this.sampler.sample(source, width, height);
    const ts = time > this._lastTime ? time : this._lastTime + 1;
    this._lastTime = ts;
    this.task.segmentForVideo(image, ts, (result) => {
      const m = result.confidenceMasks?.[0];
      if (!m) return;
      const values = m.getAsFloat32Array();
      maskToAlpha(values, this._pixels.data);
      let on = 0;
      for (let i = 0; i < values.length; i++) if (values[i] > 0.5) on++;
      this.coverage = on / values.length;
    });
    this._maskCtx.putImageData(this._pixels, 0, 0);
  }

  close() {
    this.task.close();
  }
}
