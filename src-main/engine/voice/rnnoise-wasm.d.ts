/** The Emscripten factory of `@echogarden/rnnoise-wasm`, which ships without types; rnnoise.ts types what it uses. */
declare module '@echogarden/rnnoise-wasm' {
  const createRnnoise: () => Promise<unknown>;
  export default createRnnoise;
}
