// Minimal types for the two CommonJS dependencies that ship none.
declare module 'osm-pbf-parser' {
  import type { Transform } from 'node:stream';
  function parseOSM(): Transform;
  export default parseOSM;
  /** The decoder's three stages, which the default export chains: framing, zlib, primitives. */
  export class BlobParser extends Transform {}
  export class BlobDecompressor extends Transform {}
  export class PrimitivesParser extends Transform {
    /** The file's HeaderBlock, once the first blob is decoded. */
    _osmheader?: { osmosis_replication_timestamp?: number };
  }
}

declare module 'osrm-text-instructions' {
  interface Compiler {
    compile(language: string, step: unknown, options?: Record<string, unknown>): string;
  }
  function osrmTextInstructions(version: 'v5'): Compiler;
  export default osrmTextInstructions;
}
