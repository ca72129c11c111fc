// Minimal types for the two CommonJS dependencies that ship none.
declare module 'osm-pbf-parser' {
  import type { Transform } from 'node:stream';
  function parseOSM(): Transform;
  export default parseOSM;
}

declare module 'osrm-text-instructions' {
  interface Compiler {
    compile(language: string, step: unknown, options?: Record<string, unknown>): string;
  }
  function osrmTextInstructions(version: 'v5'): Compiler;
  export default osrmTextInstructions;
}
