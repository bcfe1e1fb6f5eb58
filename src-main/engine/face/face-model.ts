import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Loads @vladmandic/human (face detector + 478-point mesh) on the tfjs wasm backend in
 * plain Node. Its models ship inside the npm package; Node's fetch cannot read file://,
 * so a tfjs load router reads model.json and the weight shards from disk.
 */

const require = createRequire(import.meta.url);

type Tensor = { dispose(): void };
interface HumanFace {
  box: [number, number, number, number];
  mesh: Array<[number, number, number?]>;
  score: number;
  boxScore: number;
  faceScore: number;
}
interface HumanResult {
  face: HumanFace[];
}
export interface HumanInstance {
  tf: { tensor3d(data: Uint8Array, shape: [number, number, number], dtype?: string): Tensor; getBackend(): string };
  load(): Promise<void>;
  init(): Promise<void>;
  detect(input: Tensor, config?: unknown): Promise<HumanResult>;
}
export type { HumanFace };

interface TfIo {
  io: { registerLoadRouter(router: (url: string | string[]) => unknown): void };
}

let routerRegistered = false;

function registerFileRouter(tf: TfIo): void {
  if (routerRegistered) return;
  routerRegistered = true;
  tf.io.registerLoadRouter((url) => {
    if (typeof url !== 'string' || !url.startsWith('file://')) return null;
    const file = new URL(url).pathname;
    return {
      load: async () => {
        const json = JSON.parse(readFileSync(file, 'utf8')) as {
          modelTopology: unknown;
          format?: string;
          generatedBy?: string;
          convertedBy?: string;
          signature?: unknown;
          userDefinedMetadata?: unknown;
          weightsManifest: Array<{ paths: string[]; weights: unknown[] }>;
        };
        const dir = path.dirname(file);
        const weightSpecs: unknown[] = [];
        const shards: Buffer[] = [];
        for (const group of json.weightsManifest) {
          weightSpecs.push(...group.weights);
          for (const shard of group.paths) shards.push(readFileSync(path.join(dir, shard)));
        }
        const all = Buffer.concat(shards);
        return {
          modelTopology: json.modelTopology,
          format: json.format,
          generatedBy: json.generatedBy,
          convertedBy: json.convertedBy,
          signature: json.signature,
          userDefinedMetadata: json.userDefinedMetadata,
          weightSpecs,
          weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
        };
      },
    };
  });
}

/** The model's settings for a photo or any frame met for the first time: the detector finds every face, the iris model places the eyes. */
export const FACE_CONFIG = {
  backend: 'wasm',
  debug: false,
  warmup: 'none',
  // Frames of one video are analysed independently: caching would hide real changes.
  cacheSensitivity: 0,
  face: {
    enabled: true,
    detector: { rotation: true, maxDetected: 10, minConfidence: 0.35, iouThreshold: 0.3, return: false, skipFrames: 0, skipTime: 0 },
    mesh: { enabled: true },
    iris: { enabled: true },
    attention: { enabled: false },
    description: { enabled: false },
    emotion: { enabled: false },
    antispoof: { enabled: false },
    liveness: { enabled: false },
  },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  gesture: { enabled: false },
  segmentation: { enabled: false },
  filter: { enabled: false },
};

/**
 * FACE_CONFIG (which loads the iris model) without human's own iris step: the mesh's own
 * eye corners, for a rolled face whose eyes eye-contours.ts places instead (human's step
 * mirrors the subject's right eye), and for a face about to be meshed again on its own crop
 * (only its box is kept).
 */
export const MESH_CONFIG = {
  ...FACE_CONFIG,
  face: { ...FACE_CONFIG.face, iris: { enabled: false } },
};

/**
 * For a frame of the video whose previous frame was just meshed (faceModel's detect
 * merges these into its settings for good, so every call passes a whole set): the face
 * box comes from the previous mesh instead of the detector (the detector is about half
 * of a mesh's cost on a 256 px frame), and the iris model is skipped (a third of what is
 * left). The mesh model runs first and the iris model only moves eye and brow points, so
 * the lips, nose and face outline are the mesh's own; measured on a 10 s render's frames:
 * 45 ms of CPU a call with both, 9 ms without.
 */
export const LIPS_ONLY_CONFIG = {
  ...FACE_CONFIG,
  // Any change between two frames allows the previous box (human's skip test compares the frames' squared difference with this).
  cacheSensitivity: Number.MAX_VALUE,
  face: {
    ...FACE_CONFIG.face,
    detector: { ...FACE_CONFIG.face.detector, skipFrames: Number.MAX_SAFE_INTEGER, skipTime: Number.MAX_SAFE_INTEGER },
    iris: { enabled: false },
  },
};

let loading: Promise<HumanInstance> | undefined;

/** One model per process: loading costs ~100 ms, detection 40–120 ms a photo. */
export function faceModel(): Promise<HumanInstance> {
  loading ??= (async () => {
    const tf = require('@tensorflow/tfjs-core') as TfIo;
    registerFileRouter(tf);
    // The package's "exports" map lacks "./" prefixes, so the wasm build is reached by path.
    const humanDist = path.dirname(require.resolve('@vladmandic/human'));
    const { Human } = require(path.join(humanDist, 'human.node-wasm.js')) as {
      Human: new (config: unknown) => HumanInstance;
    };
    const modelDir = path.join(humanDist, '..', 'models');
    const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    const human = new Human({ ...FACE_CONFIG, wasmPath: pathToFileURL(wasmDir).href + '/', modelBasePath: pathToFileURL(modelDir).href + '/' });
    await human.init();
    await human.load();
    return human;
  })();
  return loading;
}
