/**
 * How fast the built-in eSpeak voices speak each language, for the target-duration check
 * (src-shared/spoken-length.ts): speaks a passage per language and prints its words (or,
 * for Japanese and Chinese, characters) a minute, pauses included.
 * Run: nice -n 10 npx tsx tests/measure/spoken-rate.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { synthesizeSpeech } from '../../src-main/engine/voice/tts.js';
import { SPEECH_UNITS, spokenUnits } from '../../src-shared/spoken-length.js';
import type { LanguageCode } from '../../src-shared/limits.js';

const PASSAGES: Record<LanguageCode, string> = {
  en: 'Hi, I am Maya. This is our new running shoe, made for long days on your feet. It is light, it breathes, and the sole gives back every step. Try it this week at half price, in every store and online.',
  es: 'Hola, soy Maya. Esta es nuestra nueva zapatilla para correr, hecha para días largos de pie. Es ligera, respira y la suela te devuelve cada paso. Pruébala esta semana a mitad de precio, en todas las tiendas y en línea.',
  fr: 'Bonjour, je suis Maya. Voici notre nouvelle chaussure de course, faite pour les longues journées debout. Elle est légère, elle respire, et la semelle vous rend chaque pas. Essayez-la cette semaine à moitié prix, en magasin et en ligne.',
  de: 'Hallo, ich bin Maya. Das ist unser neuer Laufschuh, gemacht für lange Tage auf den Beinen. Er ist leicht, er atmet, und die Sohle gibt jeden Schritt zurück. Probieren Sie ihn diese Woche zum halben Preis, in jedem Laden und online.',
  hi: 'नमस्ते, मैं माया हूँ। यह हमारा नया रनिंग जूता है, जो लंबे दिनों के लिए बना है। यह हल्का है, हवादार है, और इसका तला हर कदम पर साथ देता है। इस हफ्ते आधी कीमत पर आज़माइए, हर दुकान में और ऑनलाइन।',
  ja: 'こんにちは、マヤです。これは私たちの新しいランニングシューズです。長い一日のために作りました。軽くて通気性がよく、ソールが一歩一歩を支えます。今週は半額です。お店でもオンラインでもどうぞ。',
  ko: '안녕하세요, 저는 마야입니다. 이것은 오래 서 있는 날을 위해 만든 새 러닝화입니다. 가볍고 통기성이 좋으며 밑창이 모든 걸음을 받쳐 줍니다. 이번 주에는 모든 매장과 온라인에서 반값입니다.',
  zh: '你好，我是玛雅。这是我们的新跑鞋，专为长时间站立而设计。它很轻，透气，鞋底支撑你的每一步。本周在所有门店和网上半价销售。',
};

const work = mkdtempSync(path.join(os.tmpdir(), 'tp-spoken-rate-'));
try {
  for (const [language, text] of Object.entries(PASSAGES) as [LanguageCode, string][]) {
    const voice = await synthesizeSpeech({ text, language, workDir: path.join(work, language) });
    const units = spokenUnits(text, language);
    // Without the voice's 0.45 s of lead-in and tail, which the estimate adds once.
    const perMinute = (units / (voice.durationS - 0.45)) * 60;
    console.log(`${language}: ${units} ${SPEECH_UNITS[language].unit}s in ${voice.durationS.toFixed(2)} s = ${perMinute.toFixed(0)} a minute (table: ${SPEECH_UNITS[language].perMinute})`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
