import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { VitePWA } from 'vite-plugin-pwa';

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

// The installable app (issue 13): the service worker keeps the app shell only, never an API answer.
// The officer's day and its base map live in IndexedDB (client/src/offline/device.ts), where sign-out
// and the day's end can clear them; the worker is registered by client/src/phone.ts.
const installableApp = VitePWA({
  injectRegister: false,
  registerType: 'autoUpdate',
  includeAssets: ['icon.svg'],
  manifest: {
    name: 'Rounds: visit planner',
    short_name: 'Rounds',
    description: "The enforcement officer's day: the next visit, outcomes and check-ins, with or without a signal.",
    start_url: '/#officer',
    scope: '/',
    display: 'standalone',
    orientation: 'portrait',
    background_color: '#ffffff',
    theme_color: '#12365e',
    icons: [
      { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
    navigateFallback: '/index.html',
    // The API and its documentation are never the app shell (and never cached).
    navigateFallbackDenylist: [/^\/api\//, /^\/docs/],
    runtimeCaching: [],
    cleanupOutdatedCaches: true,
  },
});

// One config for the client build (vite) and the test runner (vitest).
export default defineConfig({
  root: 'client',
  plugins: [osrmEnglishOnly, installableApp],
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
