import { describe, expect, it } from 'vitest';
import { MONITORING_THRESHOLDS, monitoringWarnings, spendAlert } from './monitoring.js';

const calm = { cpuPercent: 35, memoryPercent: 60, diskPercent: 40, slowSteps: [] };

describe('the seed thresholds as warnings', () => {
  it('raises nothing on a calm machine, and nothing at exactly the thresholds', () => {
    expect(monitoringWarnings(calm)).toEqual([]);
    const { cpuPercent, memoryPercent, diskPercent, aiStepMs } = MONITORING_THRESHOLDS;
    expect(monitoringWarnings({ cpuPercent, memoryPercent, diskPercent, slowSteps: [{ providerName: 'HeyGen', what: 'a talking video', latencyMs: aiStepMs }] })).toEqual([]);
  });

  it('warns over 80 % CPU, 85 % memory, 90 % disk and a 30 s AI step, each with what to do', () => {
    const warnings = monitoringWarnings({
      cpuPercent: 93.4,
      memoryPercent: 88,
      diskPercent: 95.2,
      slowSteps: [{ providerName: 'ElevenLabs', what: 'speech', latencyMs: 42_000 }],
    });
    expect(warnings.map((w) => w.kind)).toEqual(['disk', 'memory', 'cpu', 'ai_step']);
    expect(warnings.map((w) => w.message)).toEqual([
      'The disk holding your library is 95 % full (over 90 %): delete videos you no longer need or move the library to a larger disk in Settings, or the next render may not be saved.',
      'Memory is 88 % used (over 85 %): close programs you are not using or render a smaller size, or a render may fail.',
      'The processor is 93 % busy (over 80 %): close other heavy programs or let the queue finish before starting more, or renders will be slow.',
      'ElevenLabs took 42 s for speech (over 30 s): if it keeps happening, move it down the chain in Settings, Providers, or render that step on this computer.',
    ]);
    // One sentence each.
    for (const w of warnings) expect(w.message.split(/[.!?](\s|$)/).filter((part) => part.trim().length > 0).length).toBe(1);
  });

  it('says nothing about a reading the OS would not give', () => {
    expect(monitoringWarnings({ ...calm, cpuPercent: null, diskPercent: null })).toEqual([]);
  });
});

describe('the daily spending alert', () => {
  it('is silent below 80 % of the cap and without a cap', () => {
    expect(spendAlert(3.99, 5)).toBeNull();
    expect(spendAlert(12, 0)).toBeNull();
  });

  it('speaks from 80 % of the cap, with the figures and what to do', () => {
    const alert = spendAlert(4, 5)!;
    expect(alert.percent).toBeCloseTo(80, 9);
    expect(alert.message).toBe(
      "Today's cloud spending is $4.00, 80 % of your $5.00 daily cap: once it is reached, cloud steps are skipped until tomorrow; raise the cap in Settings, Providers if you need more.",
    );
    // Cents summed as floats land a hair under 80 %: still the alert.
    expect(spendAlert(0.1 + 0.7, 1)).not.toBeNull();
  });

  it('says so when the cap itself is reached', () => {
    expect(spendAlert(5, 5)!.message).toMatch(/^Today's cloud spending, \$5\.00, has reached your \$5\.00 daily cap: cloud steps are skipped until tomorrow/);
  });
});
