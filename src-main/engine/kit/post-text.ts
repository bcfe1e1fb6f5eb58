import type { LanguageCode, WorkflowType } from '../../../src-shared/limits.js';
import { platformSpec, type PlatformId, type PlatformSpec } from '../../../src-shared/platforms.js';

/**
 * Post text for one platform: a caption draft from the script, hashtag suggestions and,
 * for YouTube, a title and description, all inside the platform's character limits
 * (src-shared/platforms.ts). Plain text only: platforms show markup literally.
 */

export interface PostTextInput {
  script: string;
  title?: string;
  workflowType: WorkflowType;
  language: LanguageCode;
}

export interface PostText {
  caption: string;
  /** Without the leading '#', lowercase, letters and digits only. */
  hashtags: string[];
  title?: string;
  description?: string;
}

/** A caption longer than a few sentences gets cut off behind "more" on every platform. */
const CAPTION_SENTENCES = 3;
const ELLIPSIS = '…';

/** Tags per workflow type; English because they are the ones searched across languages. */
const WORKFLOW_TAGS: Record<WorkflowType, readonly string[]> = {
  product_demo: ['productdemo', 'newproduct', 'howitworks'],
  avatar_presentation: ['presentation', 'aiavatar', 'talkingphoto'],
  lifestyle_content: ['lifestyle', 'dailylife', 'vlog'],
  educational: ['learn', 'education', 'didyouknow'],
};

const STOPWORDS: Partial<Record<LanguageCode, ReadonlySet<string>>> = {
  en: new Set(
    (
      'about above after again against also because been before being below between both could does doing down during ' +
      'each even ever every from further have having here hers herself himself into itself just like made make many more ' +
      'most much must myself never once only other ought ours ourselves over really same shall should some such than that ' +
      'their theirs them themselves then there these they this those through today under until very want were what when ' +
      'where which while whom with would your yours yourself yourselves will well thing things going know need let lets get'
    ).split(' '),
  ),
  es: new Set(
    (
      'algo algunos ante antes aquí cada como contra cual cuando desde donde durante ella ellas ellos entre esta estas este ' +
      'esto estos está están hace hacer hasta hola más mismo mucho muy nada nosotros nuestra nuestro otra otro para pero ' +
      'poco porque puede qué quien sobre solo también tanto tener tiene todo todos tras usted vamos ustedes vuestra'
    ).split(' '),
  ),
  fr: new Set(
    (
      'alors aussi autre avec avoir bien cela celle celui cette comme dans depuis donc elle elles encore être fait faire ' +
      'leur leurs mais même moins nous notre pour plus quand quel quelle sans sont sous suis tout tous toute très vous ' +
      'votre voici voilà vraiment était avez sommes ceux chez entre parce peut'
    ).split(' '),
  ),
  de: new Set(
    (
      'aber alle allem alles also auch bist dass dein deine dem den denn der des dich dies diese dieser dieses doch dort ' +
      'durch eine einem einen einer eines euch euer für habe haben hier ihre ihren jetzt kann können mein meine mich mit ' +
      'nach nicht noch oder ohne schon sehr sein seine sich sind über und unser unsere viel vom von wenn werden wie wir ' +
      'wird wollen zum zur heute mehr einfach'
    ).split(' '),
  ),
};

/** Languages where a word split on spaces and a stopword list gives salient words. */
const SPACE_DELIMITED: ReadonlySet<LanguageCode> = new Set(['en', 'es', 'fr', 'de']);

/** Removes markup and collapses whitespace: the caption is shown as typed. */
export function plainText(text: string): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/[<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Characters as the platform counts them. X weighs characters outside Latin/General
 * Punctuation as 2 (twitter-text v3 config); YouTube limits its description in UTF-8
 * bytes; for the rest we count UTF-16 units, which is never fewer than the code points
 * the platforms count, so the check is on the safe side.
 */
export function postTextLength(platform: PlatformId, text: string): number {
  if (platform === 'youtube' || platform === 'youtube-shorts') return Buffer.byteLength(text, 'utf8');
  if (platform !== 'x') return text.length;
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const light = cp <= 4351 || (cp >= 8192 && cp <= 8205) || (cp >= 8208 && cp <= 8223) || (cp >= 8242 && cp <= 8247);
    n += light ? 1 : 2;
  }
  return n;
}

/** Caption and hashtags the way the creator pastes them: a blank line, then the tags. */
export function joinPostText(post: Pick<PostText, 'caption' | 'hashtags'>): string {
  const tags = hashtagLine(post.hashtags);
  if (!tags) return post.caption;
  return post.caption ? `${post.caption}\n\n${tags}` : tags;
}

function hashtagLine(tags: readonly string[]): string {
  return tags.map((t) => `#${t}`).join(' ');
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?。！？])\s*/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Cuts `text` to fit `limit` at a word boundary (any character for scripts without spaces). */
function trimToLimit(platform: PlatformId, text: string, limit: number): string {
  if (postTextLength(platform, text) <= limit) return text;
  if (limit <= postTextLength(platform, ELLIPSIS)) return '';
  const room = limit - postTextLength(platform, ELLIPSIS);
  let cut = '';
  for (const ch of text) {
    if (postTextLength(platform, cut + ch) > room) break;
    cut += ch;
  }
  const space = cut.lastIndexOf(' ');
  // Keep the word boundary unless it throws away most of the text (one very long word).
  if (space > cut.length / 2) cut = cut.slice(0, space);
  cut = cut.replace(/[\s,;:–—-]+$/u, '');
  return cut ? cut + ELLIPSIS : '';
}

function captionDraft(platform: PlatformId, script: string, limit: number): string {
  const first = sentences(script);
  let caption = '';
  for (const sentence of first.slice(0, CAPTION_SENTENCES)) {
    const next = caption ? `${caption} ${sentence}` : sentence;
    if (postTextLength(platform, next) > limit) break;
    caption = next;
  }
  if (caption) return caption;
  return trimToLimit(platform, first[0] ?? '', limit);
}

/** Lowercase letters and digits only, so a tag is one clickable word everywhere. */
function cleanHashtag(word: string): string {
  return word
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Most frequent non-stopwords of the script, ties broken by first appearance. */
function salientWords(script: string, language: LanguageCode): string[] {
  if (!SPACE_DELIMITED.has(language)) return [];
  const stop = STOPWORDS[language] ?? new Set<string>();
  const counts = new Map<string, { n: number; first: number }>();
  const words = script.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  words.forEach((raw, index) => {
    const word = cleanHashtag(raw);
    // Short words are almost all function words; pure numbers make poor tags.
    if (word.length < 4 || /^\p{N}+$/u.test(word) || stop.has(word) || STOPWORDS.en?.has(word)) return;
    const seen = counts.get(word);
    if (seen) seen.n += 1;
    else counts.set(word, { n: 1, first: index });
  });
  return [...counts.entries()].sort((a, b) => b[1].n - a[1].n || a[1].first - b[1].first).map(([word]) => word);
}

function suggestHashtags(spec: PlatformSpec, input: PostTextInput): string[] {
  const want = spec.hashtags.recommended;
  if (want <= 0) return [];
  const fromScript = salientWords(plainText(input.script), input.language);
  const workflow = WORKFLOW_TAGS[input.workflowType];
  // Roughly two script words to one workflow tag: the script says what the video is about.
  const scriptShare = Math.max(want - Math.max(1, Math.floor(want / 3)), 0);
  const ordered = [...fromScript.slice(0, scriptShare), ...workflow, ...fromScript.slice(scriptShare)];
  const tags: string[] = [];
  for (const tag of ordered.map(cleanHashtag)) {
    if (tag && !tags.includes(tag)) tags.push(tag);
    if (tags.length >= Math.min(want, spec.hashtags.max)) break;
  }
  return tags;
}

/** Drops tags from the end until the tag line uses at most half the limit. */
function fitHashtags(platform: PlatformId, tags: string[], limit: number): string[] {
  const kept = [...tags];
  while (kept.length > 0 && postTextLength(platform, `\n\n${hashtagLine(kept)}`) > limit / 2) kept.pop();
  return kept;
}

export function postTextFor(platform: PlatformId, input: PostTextInput): PostText {
  const spec = platformSpec(platform);
  const script = plainText(input.script);
  let hashtags = suggestHashtags(spec, input);

  if (spec.captionLimit === null) return { caption: '', hashtags };

  hashtags = fitHashtags(platform, hashtags, spec.captionLimit);
  const tagRoom = hashtags.length ? postTextLength(platform, `\n\n${hashtagLine(hashtags)}`) : 0;
  const caption = captionDraft(platform, script, spec.captionLimit - tagRoom);
  const post: PostText = { caption, hashtags };

  if (spec.titleLimit !== undefined) {
    const titleSource = plainText(input.title ?? '') || sentences(script)[0] || '';
    post.title = trimToLimit(platform, titleSource, spec.titleLimit);
    // The description carries the whole script (as far as it fits) for search and accessibility.
    const body = trimToLimit(platform, script, spec.captionLimit - tagRoom);
    post.description = joinPostText({ caption: body, hashtags });
  }
  return post;
}
