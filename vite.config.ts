import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// The map client shows English turn-by-turn only: swap osrm-text-instructions' 31-language table
// (1.1 MB) for an English-only one with the same exports.
const osrmEnglishOnly = {
  name: 'osrm-text-instructions-english-only',
  enforce: 'pre' as const,
  resolveId(source: string, importer?: string) {
    if (source === './languages' && importer && /osrm-text-instructions[\\/]index\.js$/.test(importer)) {
      return fileURLToPath(new URL('./client/src/directions/osrm-languages-en.cjs', import.meta.url));
    }
    return null;
  },
};

// One config for the client build (vite) and the test runner (vitest).
export default defineConfig({
  root: 'client',
  plugins: [osrmEnglishOnly],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores here: solver and browser tests are CPU-bound and time-limited.
    maxWorkers: 2,
  },
});
