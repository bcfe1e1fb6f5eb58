import type { PlatformSpec } from '../../../src-shared/platforms.js';
import type { ProbeResult } from '../media/probe.js';
import type { Rect } from './reframe.js';

/**
 * Compliance checks for one written rendition, from ffprobe's view of the file (never
 * from what we asked ffmpeg for): codec, size, frame rate, audio, duration, file size,
 * and where the head sits. A failed check is a warning the creator sees in the kit.
 */
export interface RenditionCheck {
  name: string;
  ok: boolean;
  detail: string;
}

const check = (name: string, ok: boolean, detail: string): RenditionCheck => ({ name, ok, detail });

export interface CheckContext {
  /** Requested frame rate, used when the probe has none. */
  fps: number;
  /** The voice's full length: a rendition shorter than it was trimmed. */
  voiceDurationS: number;
  trimmedToS?: number;
  /** The face (mesh box: brows to chin) in rendition pixels. */
  face: Rect;
  /** Characters the burned-in captions could not draw (only when captions were burned). */
  missingGlyphs?: readonly string[];
}

export function renditionChecks(spec: PlatformSpec, probe: ProbeResult, context: CheckContext): RenditionCheck[] {
  const v = probe.streams.find((s) => s.codecType === 'video');
  const a = probe.streams.find((s) => s.codecType === 'audio');
  const fps = v?.fps ?? context.fps;
  const checks = [
    check('video codec', v?.codecName === 'h264' && v.pixFmt === 'yuv420p', `${v?.codecName ?? 'none'} ${v?.pixFmt ?? ''}`.trim()),
    check('frame size', v?.width === spec.width && v?.height === spec.height, `${v?.width}×${v?.height}, needs ${spec.width}×${spec.height}`),
    check('frame rate', fps >= spec.fps.min && fps <= spec.fps.max, `${fps.toFixed(2)} fps, allowed ${spec.fps.min}–${spec.fps.max}`),
    check('audio', a?.codecName === 'aac' && a.sampleRate === spec.audio.sampleRate, `${a?.codecName ?? 'none'} ${a?.sampleRate ?? ''} Hz, needs aac ${spec.audio.sampleRate} Hz`),
    durationCheck(spec, probe.durationS, context),
    check('file size', probe.sizeBytes <= spec.maxFileBytes, `${(probe.sizeBytes / 1e6).toFixed(1)} MB of at most ${(spec.maxFileBytes / 1e6).toFixed(0)} MB`),
    faceCheck(spec, context.face),
  ];
  if (context.missingGlyphs) {
    const missing = context.missingGlyphs;
    checks.push(
      check(
        'burned-in captions',
        missing.length === 0,
        missing.length === 0
          ? 'drawn inside the safe area'
          : `no installed font has ${missing.slice(0, 8).join(' ')}: install a font for this language (for example Noto Sans CJK) and render again; the SRT and VTT files are complete`,
      ),
    );
  }
  return checks;
}

function durationCheck(spec: PlatformSpec, durationS: number, context: CheckContext): RenditionCheck {
  const fits = durationS <= spec.maxDurationS;
  if (context.trimmedToS !== undefined) {
    return check('duration', fits, `trimmed to ${durationS.toFixed(1)} s at a pause (the voice is ${context.voiceDurationS.toFixed(1)} s; ${spec.label} allows ${spec.maxDurationS} s)`);
  }
  return check(
    'duration',
    fits,
    fits
      ? `${durationS.toFixed(1)} s of at most ${spec.maxDurationS} s`
      : `${durationS.toFixed(1)} s is longer than ${spec.label}'s ${spec.maxDurationS} s: shorten the script, or ask for a trimmed version (--trim)`,
  );
}

/**
 * Eyes and mouth must sit inside the part of the frame the platform's buttons and text
 * leave free. The forehead (the mesh box's top 30%) may pass under a label: that is
 * how most talking heads on these platforms look.
 */
export function featuresBox(face: Rect): Rect {
  return { x: face.x, y: face.y + 0.3 * face.height, width: face.width, height: 0.7 * face.height };
}

function faceCheck(spec: PlatformSpec, meshBox: Rect): RenditionCheck {
  const { safeArea: s, width: W, height: H } = spec;
  const face = featuresBox(meshBox);
  const safe = { x0: (s.left / 100) * W, y0: (s.top / 100) * H, x1: W - (s.right / 100) * W, y1: H - (s.bottom / 100) * H };
  const tolerance = 1;
  const sides = [
    face.y < safe.y0 - tolerance && 'top',
    face.y + face.height > safe.y1 + tolerance && 'bottom',
    face.x < safe.x0 - tolerance && 'left',
    face.x + face.width > safe.x1 + tolerance && 'right',
  ].filter((side): side is string => Boolean(side));
  return check(
    'eyes and mouth clear of platform UI',
    sides.length === 0,
    sides.length === 0
      ? `eyes and mouth are clear of ${spec.label}'s buttons and text`
      : `the face reaches under ${spec.label}'s ${sides.join(' and ')} buttons or text: use a photo with more room around the face`,
  );
}
