import type { PhoneClass } from './phone-classes.js';

export interface PhoneTemplateTable {
  /** Mean feature vector (c1…c12, relative energy) of each speech class. */
  means: Partial<Record<PhoneClass, number[]>>;
  /** Pooled per-dimension spread. */
  scale: number[];
}

/**
 * What each phone class sounds like to the audio-only estimate (acoustic-phones.ts),
 * learned from eSpeak NG speaking the calibration text in two voices. eSpeak is
 * deterministic in those voices, so the table is learned once and committed instead of
 * costing every render about 1.5 s of CPU; `npx tsx tests/measure/phone-templates.ts`
 * writes it again, and acoustic-phones.test.ts fails if learning no longer gives it.
 */
export const ESPEAK_PHONE_TEMPLATES: PhoneTemplateTable = {
  means: {
    closure: [11.11485676, -0.2182117446, -2.527485597, -2.807593341, 7.20512764, 8.503985616, -0.3018836215, -2.553494523, -3.353015269, 1.089179583, 0.4873647828, 0.4028129902, -1.928087784],
    open: [21.54472037, -16.01634465, -11.71796063, -15.40866104, 8.525954042, 3.198148765, -9.430772225, 7.123940079, 3.108322746, 2.476481704, -2.931499754, -0.2376802402, -0.781921491],
    rounded: [20.36965823, 4.213391077, 2.458818007, -12.27191564, -6.455974164, 10.64512473, -3.538178977, -2.238586274, -8.872490376, 2.781919553, 2.199762089, 1.783891302, -0.8915854117],
    spread: [-2.496714859, 2.380982829, 30.27540905, -0.5746202276, -9.812005769, -6.54652015, -3.003738566, 0.7727932787, -1.970775268, 2.696346231, -1.771746638, 0.2200724659, -1.106655877],
    fricative: [-50.93103117, 8.307972766, -10.21557246, 8.063143373, 1.03263189, -1.651321796, 5.281877739, -4.206324167, 2.170409183, -2.935415229, -0.07309308098, 0.05517587346, -2.563884257],
    other: [-11.11189399, 1.525604104, 2.269985001, 6.822074976, 1.463243083, -6.322456234, -1.147470252, 0.8073158141, 1.355305894, -0.9271168289, 0.1905452007, 1.014624339, -2.716882524],
  },
  scale: [29.73214426, 14.44174227, 21.71849468, 15.63564574, 14.05930525, 13.05016669, 10.80575046, 8.069790253, 8.720440775, 7.168799189, 6.591287102, 5.476153839, 1.742739181],
};
