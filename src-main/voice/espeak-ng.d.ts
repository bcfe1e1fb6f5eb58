/**
 * The part of the `espeak-ng` package (eSpeak NG compiled to wasm by Emscripten) that
 * espeak-worker.mjs uses. Only that worker, running in its own process, imports it.
 */
declare module 'espeak-ng' {
  interface EspeakFS {
    writeFile(path: string, data: string | Uint8Array): void;
    readFile(path: string): Uint8Array;
    readFile(path: string, options: { encoding: 'utf8' }): string;
  }
  interface EspeakInstance {
    FS: EspeakFS;
  }
  interface EspeakOptions {
    arguments?: string[];
    print?: (line: string) => void;
    printErr?: (line: string) => void;
    quit?: (status: number, toThrow: unknown) => void;
    preRun?: Array<(module: EspeakInstance) => void>;
    instantiateWasm?: (
      imports: WebAssembly.Imports,
      done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) => object;
  }
  const ESpeakNg: (options?: EspeakOptions) => Promise<EspeakInstance>;
  export default ESpeakNg;
}
