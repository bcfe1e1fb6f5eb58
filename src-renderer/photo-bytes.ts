/**
 * A dropped or pasted photo's bytes as base64, the way `photos:import` takes them. The
 * bytes are encoded a slice at a time: `String.fromCharCode(...bytes)` over a whole
 * 20 MB photo would pass millions of arguments and overflow the stack, and one binary
 * string of it would double the memory for nothing.
 */

/** A multiple of 3, so every slice but the last encodes without padding and the parts join into one valid string. */
const SLICE_BYTES = 3 * 8192;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += SLICE_BYTES) {
    parts.push(btoa(String.fromCharCode(...bytes.subarray(start, start + SLICE_BYTES))));
  }
  return parts.join('');
}

export async function readAsBase64(file: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

/**
 * The file to import from a drop or a paste: the first image if there are several, else
 * the first file, whatever it is called. Main decides by the bytes whether it is a photo
 * and says so in a sentence; a name or a type here proves nothing.
 */
export function photoFileOf(files: ArrayLike<File> | null | undefined): File | null {
  const list = Array.from(files ?? []);
  return list.find((file) => file.type.startsWith('image/')) ?? list[0] ?? null;
}

/** Names a recorder or a browser gives audio files, for a file whose type the system left empty. */
const AUDIO_NAME = /\.(wav|mp3|m4a|aac|ogg|oga|opus|webm|flac|aiff?|caf)$/iu;

/**
 * The audio file among dropped files, or null: by its type, else by its name. Only a hint
 * of where the file goes; main still decides by the bytes whether it is a recording.
 */
export function audioFileOf(files: ArrayLike<File> | null | undefined): File | null {
  const list = Array.from(files ?? []);
  return list.find((file) => file.type.startsWith('audio/')) ?? list.find((file) => !file.type.startsWith('image/') && AUDIO_NAME.test(file.name)) ?? null;
}
