/**
 * What a mouth that "says the words" must reach, measured on the rendered frames with the
 * face mesh (issue 14, section 4). The verifier, its tests and report.json read these.
 */
export const LIP_SYNC_TARGETS = {
  /** Share of p/b/m phones on which the lips come back to the photo's rest gap. */
  closureShare: 0.9,
  /**
   * A closure counts when the gap falls within this fraction of the way from the rest gap
   * to the gap's 90th percentile during speech.
   */
  closureRestFraction: 0.25,
  /**
   * The rest a closure comes back to is the photo's own gap, but no more than this: shut
   * lips read 0.02–0.03 eye distances on the closed-mouth fixtures, and a photo that smiles
   * with teeth (0.24) or speaks (0.40) must still close its lips on p/b/m (issue 14 §3).
   */
  shutLipsGap: 0.05,
  /** How early the lips may meet before a closure's onset: the picture leads the sound. */
  closureLeadS: 0.06,
  /** Mean gap on open vowels ÷ mean gap on p/b/m, at least. */
  openToClosed: 3,
  /** Mean inner-mouth width on u/o/w ÷ the width on i/e, at most. */
  roundedToSpread: 0.88,
  /**
   * Real talking videos: the rendered mouth's r against the real mouth must be this much
   * above the real mouth's r against its own loudness, and at least `realMinR`.
   */
  realMarginOverLoudness: 0.1,
  realMinR: 0.4,
} as const;
