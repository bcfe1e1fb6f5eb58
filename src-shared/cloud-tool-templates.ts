import type { ExportTemplateInput } from './export-templates.js';

/**
 * "Redo it in a cloud tool" templates, as data (schema and helpers: export-templates.ts).
 *
 * Why these values: menus, limits and plans are as each tool's public docs and help
 * pages (named in `sources`) described them through 2025–2026, written down on 2026-11
 * without live access to those pages. Cloud tools rename menus and change clip caps and
 * plans often: re-check every template against its sources before a release, and keep
 * steps worded so they still guide when a button moves ("the aspect ratio menu", not a
 * pixel position). Where a limit depends on the plan we keep the paid plan's value and say
 * what the free plan does.
 *
 * Text may use {{script}}, {{title}}, {{aspect}}, {{durationS}}, {{language}},
 * {{platform}} and {{tone}} (src-shared/prompt-placeholders.ts); anything else fails the
 * schema. Steps name the kit's files the way a creator sees them.
 */

const CHECKED = '2026-11';
const EDITOR = 'A video editor to join clips (CapCut, DaVinci Resolve or iMovie)';

export const CLOUD_TOOL_TEMPLATES: ExportTemplateInput[] = [
  {
    id: 'heygen-photo-avatar',
    templateName: 'HeyGen Photo Avatar (Avatar IV) from a photo and script',
    tool: 'HeyGen',
    summary: 'HeyGen turns one photo into a talking avatar (Avatar IV) and speaks your script with one of its voices or your own audio. The quickest route, and the closest to what TalkingPhoto made.',
    toolsRequired: ['HeyGen account (the free plan adds a watermark)', 'A web browser'],
    difficulty: 'beginner',
    estimatedMinutes: 15,
    workflowTypes: 'all',
    platforms: 'all',
    assetsRequired: ['photo', 'script'],
    instructions: [
      'Sign in at heygen.com, click Create video and choose Avatar IV (start from a photo).',
      'Upload the enhanced photo. Only use a face you have the right to use.',
      'Paste your script into the script box and pick a voice that speaks {{language}}; play the preview. To use your own voice, choose Upload audio instead.',
      'Paste the motion prompt from this guide into the motion (gesture) box.',
      'Choose the aspect ratio listed for your platform under Settings, then click Generate.',
      'Watch the result: if a word is mispronounced, respell it in the script (for example "Ay-Eye" for AI) and generate again.',
      'Download the MP4 at the largest size your plan allows, then post it with the captions and post text from this kit.',
    ],
    promptLabel: 'Motion prompt (Avatar IV motion box)',
    promptTemplate:
      'Delivery straight to camera, {{tone}}, for {{platform}} ({{aspect}}). Natural head movement, relaxed blinking, small open-hand gestures on key words, steady eye contact, mouth always visible, no exaggerated expressions.',
    settings: {
      aspectRatios: ['16:9', '9:16', '1:1'],
      maxShortSidePx: 1080,
      maxClipS: 180,
      voice: 'A HeyGen voice that speaks {{language}} and sounds {{tone}}; or upload your own voice track.',
      other: [
        { name: 'Plan', value: 'The free plan exports 720p with a watermark; paid plans export 1080p without.' },
        { name: 'Background', value: 'Keep the photo background; choose a plain one only if the edges of the head look cut out.' },
      ],
    },
    checked: CHECKED,
    sources: ['https://help.heygen.com/', 'https://www.heygen.com/avatars/avatar-iv'],
  },
  {
    id: 'did-studio-talking-photo',
    templateName: 'D-ID Studio talking photo with text to speech',
    tool: 'D-ID',
    summary:
      'D-ID Studio (formerly Creative Reality Studio) animates a portrait photo into a talking head and voices your script with built-in text to speech in many languages. Simple and cheap; less body movement than HeyGen.',
    toolsRequired: ['D-ID Studio account (the trial adds a watermark)', 'A web browser'],
    difficulty: 'beginner',
    estimatedMinutes: 10,
    workflowTypes: 'all',
    platforms: 'all',
    assetsRequired: ['photo', 'script'],
    instructions: [
      'Sign in at studio.d-id.com and click Create video.',
      'Under Avatars, click Add (upload) and choose the enhanced photo. A front-facing photo with the mouth closed works best.',
      'Paste the text from this guide into the Script box.',
      'Set Language to {{language}}, pick a voice that sounds {{tone}}, and play the preview.',
      'To use your own voice instead, switch the script to Audio and upload your voice track.',
      'Choose the aspect ratio listed for your platform under Settings, then click Generate video.',
      'Download the video from Your videos, then post it with the captions and post text from this kit.',
    ],
    promptLabel: 'Text for the Script box',
    promptTemplate: '{{script}}',
    settings: {
      aspectRatios: ['16:9', '9:16', '1:1'],
      maxShortSidePx: 1080,
      maxClipS: 300,
      voice: 'Language {{language}}; a voice that sounds {{tone}}.',
      other: [
        { name: 'Plan', value: 'Trial and lowest plans add a watermark; credits are counted by video length.' },
        { name: 'Pauses', value: 'A full stop gives a short pause; start a new line for a longer one.' },
      ],
    },
    checked: CHECKED,
    sources: ['https://docs.d-id.com/', 'https://www.d-id.com/creative-reality-studio/'],
  },
  {
    id: 'elevenlabs-voice-then-avatar',
    templateName: 'ElevenLabs voice, then lip sync in HeyGen or D-ID',
    tool: 'ElevenLabs + HeyGen or D-ID',
    summary:
      'ElevenLabs makes a natural voice track (a stock, designed or cloned voice) from your script; HeyGen or D-ID then lip-syncs the photo to that audio. Pick this when the voice matters most.',
    toolsRequired: ['ElevenLabs account', 'HeyGen or D-ID Studio account', 'A web browser'],
    difficulty: 'intermediate',
    estimatedMinutes: 25,
    workflowTypes: 'all',
    platforms: 'all',
    assetsRequired: ['photo', 'script', 'audio'],
    instructions: [
      'Sign in at elevenlabs.io and open Text to Speech.',
      'Pick a voice that speaks {{language}}, or make one: paste the voice description from this guide into Voice Design. Clone a voice only if it is yours or you have written permission.',
      'Set the model and voice settings listed under Settings, paste the text to speak, and generate.',
      'Listen to the whole take; regenerate any sentence with a wrong stress or pause, then download it as MP3.',
      'In HeyGen (Avatar IV) or D-ID Studio, upload the enhanced photo as the avatar.',
      'Switch the script to audio (Upload audio) and choose the MP3 from ElevenLabs.',
      'Choose the aspect ratio listed for your platform under Settings, generate, and download the video.',
    ],
    promptLabel: 'Voice Design description, then the text to speak',
    promptTemplate: 'Voice: a natural {{language}} speaker, {{tone}}, clear close-microphone studio sound, medium pace, no music or effects.\n\nText to speak:\n{{script}}',
    settings: {
      aspectRatios: ['16:9', '9:16', '1:1'],
      maxShortSidePx: 1080,
      // HeyGen's Avatar IV cap is the tighter of the two lip-sync tools.
      maxClipS: 180,
      voice: 'Eleven Multilingual v2 (or Eleven v3) in {{language}}; Stability about 50%, Similarity about 75%, Style 0–20% (more for a livelier read).',
      other: [
        { name: 'Audio file', value: 'MP3 at 44.1 kHz, 128 kbps or better; both HeyGen and D-ID accept it.' },
        { name: 'Long scripts', value: 'Generate paragraph by paragraph, so one bad take does not mean redoing everything.' },
      ],
    },
    checked: CHECKED,
    sources: ['https://elevenlabs.io/docs', 'https://help.heygen.com/', 'https://docs.d-id.com/'],
  },
  {
    id: 'runway-gen4-lip-sync',
    templateName: 'Runway Gen-4 image to video, then Lip Sync',
    tool: 'Runway',
    summary:
      'Runway Gen-4 turns the photo into short moving clips from a text prompt (camera, gestures, light); its Lip Sync tool then matches the mouth to your voice. More cinematic than an avatar tool, and more work.',
    toolsRequired: ['Runway account with credits (Standard plan or higher)', 'A voice track (Runway voices, ElevenLabs or your own recording)', EDITOR],
    difficulty: 'intermediate',
    estimatedMinutes: 40,
    workflowTypes: ['product_demo', 'avatar_presentation', 'lifestyle_content'],
    platforms: 'all',
    assetsRequired: ['photo', 'script', 'audio'],
    instructions: [
      'Sign in at app.runwayml.com, open Generate Video and choose Gen-4 (Gen-4 Turbo is cheaper for drafts).',
      'Add the enhanced photo as the first frame and choose the aspect ratio listed for your platform under Settings.',
      'Paste the video prompt from this guide and set the duration to 10 s (5 s for a short shot).',
      'Generate one clip per shot; keep the takes where the face stays steady and the mouth is closed or relaxed.',
      'Open Lip Sync, add each clip with its part of the script as audio (or as text with a Runway voice in {{language}}), and generate.',
      'Join the lip-synced clips in order in your editor, crop if the settings say so, add the kit captions and export.',
    ],
    promptLabel: 'Video prompt (Gen-4, image to video)',
    promptTemplate:
      'The person in the photo talks to the camera, {{tone}}: natural head movement, relaxed blinking, small hand gestures, mouth clearly visible. Static camera, soft even light, background as in the photo. {{aspect}} framing for {{platform}}.',
    settings: {
      aspectRatios: ['16:9', '9:16', '1:1', '4:3', '3:4', '21:9'],
      maxShortSidePx: 720,
      maxClipS: 10,
      clipLengthsS: [5, 10],
      voice: 'Lip Sync: upload your voice track, or type the text and pick a Runway voice in {{language}}.',
      other: [
        { name: 'Upscale', value: 'Runway can upscale a finished clip; 1080p is all social platforms need.' },
        { name: 'Matching shots', value: 'Reuse the seed of a good clip so the next shot looks the same.' },
      ],
    },
    checked: CHECKED,
    sources: ['https://help.runwayml.com/', 'https://docs.dev.runwayml.com/'],
  },
  {
    id: 'runway-act-two',
    templateName: 'Runway Act-Two driven by your own recording',
    tool: 'Runway',
    summary: 'Act-Two moves the photo with a performance you record yourself: your head, face, mouth and hands drive the portrait, so the lip sync is as good as your own delivery.',
    toolsRequired: ['Runway account with credits', 'A phone or webcam to record yourself reading the script', EDITOR],
    difficulty: 'advanced',
    estimatedMinutes: 45,
    workflowTypes: ['avatar_presentation', 'lifestyle_content', 'educational'],
    platforms: 'all',
    assetsRequired: ['photo', 'script'],
    instructions: [
      'Record yourself reading the script to camera, one take per shot (see Shots): face lit from the front, shoulders in frame, plain background, no cuts.',
      'In Runway, open Generate Video and choose Act-Two.',
      'Upload your recording as the performance (driving video) and the enhanced photo as the character.',
      'Turn Gestures on if your hands are in the recording, and choose the aspect ratio listed for your platform under Settings.',
      'Generate each take and check that the mouth follows every word; re-record a take rather than fight a bad one.',
      'Join the takes in your editor, keeping the sound of your recording, crop if the settings say so, add the kit captions and export.',
    ],
    promptLabel: 'How to perform each take (read before you record)',
    promptTemplate:
      'Delivery: {{tone}}, for {{platform}} ({{aspect}}). Look into the lens, keep your head inside the frame, speak {{language}} at a natural pace, and hold still for a beat before and after the line. Say: {{script}}',
    settings: {
      aspectRatios: ['16:9', '9:16', '1:1', '4:3', '3:4', '21:9'],
      maxShortSidePx: 720,
      maxClipS: 30,
      voice: 'Your own voice from the recording, in {{language}}.',
      other: [
        { name: 'Driving video', value: '3–30 s, one face, front-lit, steady camera.' },
        { name: 'Character', value: 'The enhanced photo, face towards the camera.' },
      ],
    },
    checked: CHECKED,
    sources: ['https://help.runwayml.com/', 'https://runwayml.com/research/introducing-act-two'],
  },
  {
    id: 'veo3-speaking-shots',
    templateName: 'Google Veo 3 image to video with speech, shot by shot',
    tool: 'Google Veo 3',
    summary:
      'Veo 3 (in Flow, the Gemini app or Vertex AI) animates a still image and generates the voice and lip movements from the words in the prompt. Each clip is at most 8 seconds, so a longer script becomes several shots made from the same photo and joined.',
    toolsRequired: ['Google account with Veo 3 (Flow or the Gemini app on Google AI Pro or Ultra, or Vertex AI)', EDITOR],
    difficulty: 'intermediate',
    estimatedMinutes: 35,
    workflowTypes: 'all',
    platforms: 'all',
    assetsRequired: ['photo', 'script'],
    instructions: [
      'Open Flow (labs.google/flow) or the Gemini app and start a Veo 3 video from an image (Frames to Video in Flow).',
      'Upload the enhanced photo as the first frame. Veo refuses some photos of real people; only use a photo you have the right to use.',
      'Choose the aspect ratio listed for your platform under Settings (Veo makes 16:9 or 9:16 only).',
      'Paste the prompt for shot 1 and generate two or three takes; keep the best.',
      'Repeat for every shot, always from the same photo, so face, voice and light match.',
      'Check each take: every word spoken, nothing added, no on-screen text. If the line is cut off, shorten that shot and generate again.',
      'Join the shots in order in your editor, crop if the settings say so, add the kit captions and export.',
    ],
    promptLabel: 'Veo prompt (one per shot)',
    promptTemplate:
      'Animate this photo. The person looks into the camera and says in {{language}}, sounding {{tone}}: "{{script}}" Lip movements match the words exactly. Subtle natural head movement and blinking, static camera, same light and background as the photo. Only the spoken words: no music, no subtitles, no on-screen text. Duration: about {{durationS}} s.',
    settings: {
      aspectRatios: ['16:9', '9:16'],
      maxShortSidePx: 1080,
      maxClipS: 8,
      // Veo rushes or clips a line that fills all 8 s; a second of air keeps it natural.
      speechPerClipS: 7,
      clipLengthsS: [8],
      voice: 'Generated by Veo from the quoted words; the prompt asks for {{language}} speech that sounds {{tone}}. Speech other than English can be less reliable: listen to each take.',
      other: [
        { name: 'Resolution', value: '1080p where the app offers it, otherwise 720p; platforms accept both.' },
        { name: 'Takes', value: 'Make 2–3 per shot and keep the one whose voice matches the shot before.' },
      ],
    },
    checked: CHECKED,
    sources: ['https://ai.google.dev/gemini-api/docs/video', 'https://cloud.google.com/vertex-ai/generative-ai/docs/video/overview'],
  },
  {
    // Midjourney has no official public API and its terms forbid automating it, so the
    // router lists it as not callable (src-shared/providers.ts): this guide is its route.
    id: 'midjourney-portrait-polish',
    templateName: 'Midjourney portrait polish, then animated by TalkingPhoto',
    tool: 'Midjourney',
    summary:
      'Midjourney can restyle or relight your photo into a striking portrait; TalkingPhoto then makes it talk. Midjourney has no official API and does not allow automation, so this step is done by hand and the image brought back.',
    toolsRequired: ['Midjourney subscription (midjourney.com)', 'A web browser', 'TalkingPhoto'],
    difficulty: 'intermediate',
    estimatedMinutes: 20,
    workflowTypes: 'all',
    platforms: 'all',
    assetsRequired: ['photo', 'script'],
    instructions: [
      'Sign in at midjourney.com and open Create.',
      'Drag the enhanced photo from this kit into the prompt bar and use it as the Omni Reference (character reference), so the face stays the same person.',
      'Paste the prompt from this guide and add the aspect ratio listed for your platform (for example --ar {{aspect}}).',
      'Generate, compare the four images and keep the one whose face is closest to the photo: same features, mouth closed, both eyes visible.',
      'Upscale it and download the full-size image. Only use a face you have the right to use.',
      'In TalkingPhoto, drop the downloaded image on the Create screen, paste the same script and generate: the voice, captions and export kit are made as before.',
    ],
    promptLabel: 'Midjourney prompt',
    promptTemplate:
      'Portrait photo of the same person, head and shoulders, facing the camera, mouth closed, soft even studio light, sharp eyes, natural skin texture, clean uncluttered background, {{tone}} mood for {{platform}}, photorealistic, no text, no watermark',
    settings: {
      aspectRatios: ['9:16', '16:9', '1:1', '4:5'],
      maxShortSidePx: 2048,
      // A still image: one "clip" is the whole video TalkingPhoto animates from it.
      maxClipS: 600,
      voice: 'TalkingPhoto speaks the script (or your recording) over the new portrait.',
      other: [
        { name: 'Omni Reference weight', value: '--ow 100 to 200: higher keeps the face closer to the photo.' },
        { name: 'Stylize', value: '--stylize 50 to 150 keeps it a photograph rather than a painting.' },
        { name: 'Version', value: 'The current model (V7 or later); older models do not take an Omni Reference.' },
      ],
    },
    checked: CHECKED,
    sources: ['https://docs.midjourney.com/', 'https://docs.midjourney.com/hc/en-us/articles/32497889043981-Omni-Reference'],
  },
];
