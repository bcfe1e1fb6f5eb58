/**
 * How well the audio-only phone estimate (src-main/engine/voice/acoustic-phones.ts) finds p/b/m,
 * on eSpeak speech whose phones are known: passages and voices other than the ones the
 * templates were learned from. Prints, per passage and in total, the p/b/m found (a
 * closure frame within 30 ms of the phone), how many of the closure runs it marked lie on
 * a p/b/m (precision), and the closed share of speech against the true share; and for the
 * runs it marks likely p/b/m (a murmur or a lip release heard), the same two figures.
 *   npx tsx tests/measure/closure-detection.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classifyFrames, espeakTemplates, estimatePhones } from '../../src-main/engine/voice/acoustic-phones.js';
import { classOfPhone, type PhoneClass } from '../../src-main/engine/voice/phone-classes.js';
import { synthesizeSpeech } from '../../src-main/engine/voice/tts.js';

const PASSAGES: Array<{ text: string; voice: string; language?: 'en' | 'es' | 'de' }> = [
  // acoustic-phones.test.ts's own passage.
  { text: 'Peter bought a big blue umbrella for Mabel. Bobby may keep the puppy by the pool. We see the open sea, oh what a view.', voice: 'en-gb' },
  { text: 'Maybe we should open the window. The room is warm, and the music is far too loud.', voice: 'en-us' },
  { text: 'My brother Ben bakes bread every morning, but Mum prefers plain pancakes with maple syrup.', voice: 'en-us+f3' },
  { text: 'Please remember to bring the map and the compass. Paul might be a bit late, probably by ten minutes.', voice: 'en-gb+f4' },
  { text: 'Bring me a bottle of milk from the market, and maybe some bananas and plums.', voice: 'en-us' },
  { text: 'Mi madre compra pan y mantequilla en el mercado cada mañana, pero hoy llueve mucho.', voice: 'es', language: 'es' },
  { text: 'Mein Bruder bringt morgen Brot und Butter mit, aber bitte vergiss die Milch nicht.', voice: 'de', language: 'de' },
];

const work = mkdtempSync(path.join(os.tmpdir(), 'tp-closures-'));
try {
  let found = 0;
  let total = 0;
  let onTarget = 0;
  let runs = 0;
  let closedFrames = 0;
  let trueFrames = 0;
  let speech = 0;
  let trueSpeech = 0;
  let likelyRuns = 0;
  let likelyOn = 0;
  let likelyFound = 0;
  for (const [i, passage] of PASSAGES.entries()) {
    const voice = await synthesizeSpeech({ text: passage.text, language: passage.language ?? 'en', voice: passage.voice, workDir: path.join(work, String(i)) });
    const { classes, hopS } = classifyFrames(voice.analysis.samples, 16000, espeakTemplates());
    const truth: PhoneClass[] = classes.map(() => 'silence');
    for (const phone of voice.phones.phones) {
      for (let f = Math.ceil(phone.startS / hopS); f < Math.min(classes.length, phone.endS / hopS); f += 1) truth[f] = classOfPhone(phone.ipa);
    }
    const closures = voice.phones.phones.filter((p) => classOfPhone(p.ipa) === 'closure');
    const hit = closures.filter((p) => {
      for (let f = Math.floor((p.startS - 0.03) / hopS); f <= (p.endS + 0.03) / hopS; f += 1) if (classes[f] === 'closure') return true;
      return false;
    });
    // Closure runs, and whether each lies within 30 ms of a true p/b/m.
    let passageRuns = 0;
    let passageOn = 0;
    for (let f = 0; f < classes.length;) {
      if (classes[f] !== 'closure') {
        f += 1;
        continue;
      }
      let end = f;
      while (end < classes.length && classes[end] === 'closure') end += 1;
      passageRuns += 1;
      const [a, b] = [f * hopS - 0.03, end * hopS + 0.03];
      if (closures.some((p) => p.endS >= a && p.startS <= b)) passageOn += 1;
      f = end;
    }
    // The runs the mouth presses shut (a murmur or a lip release heard): how many lie on a p/b/m, and how many p/b/m have one.
    const near = (p: { startS: number; endS: number }, q: { startS: number; endS: number }) => p.endS >= q.startS - 0.03 && p.startS <= q.endS + 0.03;
    const likely = estimatePhones(voice.analysis.samples, 16000, espeakTemplates(), voice.durationS).phones.filter((p) => p.ipa === 'm' && (p.confidence ?? 0) >= 0.7);
    likelyRuns += likely.length;
    likelyOn += likely.filter((p) => closures.some((c) => near(c, p))).length;
    likelyFound += closures.filter((c) => likely.some((p) => near(c, p))).length;
    const closed = classes.filter((c) => c === 'closure').length;
    const spoken = classes.filter((c) => c !== 'silence').length;
    const trueClosed = truth.filter((c) => c === 'closure').length;
    const trueSpoken = truth.filter((c) => c !== 'silence').length;
    console.log(
      `${passage.voice.padEnd(9)} p/b/m found ${hit.length}/${closures.length}; closure runs on a p/b/m ${passageOn}/${passageRuns}; closed share ${(closed / spoken).toFixed(2)} (true ${(trueClosed / trueSpoken).toFixed(2)})`,
    );
    found += hit.length;
    total += closures.length;
    onTarget += passageOn;
    runs += passageRuns;
    closedFrames += closed;
    trueFrames += trueClosed;
    speech += spoken;
    trueSpeech += trueSpoken;
  }
  console.log(`likely    runs pressed shut (a murmur or a lip release heard) on a p/b/m ${likelyOn}/${likelyRuns}; p/b/m with one ${likelyFound}/${total}`);
  console.log(
    `all       p/b/m found ${found}/${total} (${((100 * found) / total).toFixed(0)} %); closure runs on a p/b/m ${onTarget}/${runs} (${((100 * onTarget) / runs).toFixed(0)} %); closed share ${(closedFrames / speech).toFixed(2)} (true ${(trueFrames / trueSpeech).toFixed(2)})`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
