import type { PlatformSpec } from '../../../src-shared/platforms.js';

/**
 * The size the master is rendered at when a kit is asked for. Renditions are cut from
 * the master, so a master smaller than a platform's frame would be scaled up and look
 * soft: unless the creator set a size, the master grows (same shape) until every
 * platform's cut needs no upscaling, up to 1920 px on the long side (the largest frame
 * any platform asks for). It never shrinks below the requested size.
 */
export const KIT_MASTER_LONG_SIDE = 1920;

const even = (n: number): number => Math.max(2, Math.round(n / 2) * 2);

/** How much the master must grow so this platform's cut is at least 1:1. */
function growthFor(master: { width: number; height: number }, spec: Pick<PlatformSpec, 'width' | 'height'>): number {
  const masterAspect = master.width / master.height;
  const targetAspect = spec.width / spec.height;
  // A narrower target is cut from the master's full height; a wider one from its full width.
  return targetAspect <= masterAspect ? spec.height / master.height : spec.width / master.width;
}

export interface KitMaster {
  width: number;
  height: number;
  /**
   * Peak video bitrate for the master: the strictest of the platforms whose frame is the
   * master's own, so their renditions can be the master's streams copied, not re-encoded.
   */
  maxrateKbps?: number;
}

export function kitMaster(requested: { width: number; height: number }, sizeChosen: boolean, platforms: readonly Pick<PlatformSpec, 'width' | 'height' | 'video'>[]): KitMaster {
  let { width, height } = requested;
  if (!sizeChosen && platforms.length > 0) {
    const need = Math.max(...platforms.map((spec) => growthFor(requested, spec)));
    const cap = KIT_MASTER_LONG_SIDE / Math.max(requested.width, requested.height);
    const grow = Math.max(1, Math.min(need, cap));
    width = even(requested.width * grow);
    height = even(requested.height * grow);
  }
  const sameFrame = platforms.filter((spec) => spec.width === width && spec.height === height);
  return {
    width,
    height,
    ...(sameFrame.length ? { maxrateKbps: Math.min(...sameFrame.map((spec) => spec.video.bitrateKbps)) } : {}),
  };
}
