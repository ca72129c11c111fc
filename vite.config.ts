import { defineConfig } from 'vitest/config';

// One config for the client build (vite) and the test runner (vitest).
export default defineConfig({
  root: 'client',
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
