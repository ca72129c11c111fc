import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { VitePWA } from 'vite-plugin-pwa';
import { existsSync, readdirSync } from 'node:fs';

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

// The server and store tests run on both stores: the `sqlite` project runs every test, the
// `postgres` project runs test/server again on PostgreSQL (test/support/test-store.ts), on the cluster
// ROUNDS_TEST_PG_URL names or a throwaway one from Debian's binaries (test/support/pg-global-setup.ts).
// Left out, with a notice, when there is neither, unless ROUNDS_TEST_REQUIRE_PG=1 (CI) makes that a failure.
const postgresAvailable =
  Boolean(process.env.ROUNDS_TEST_PG_URL) ||
  (existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)));
const postgresRequired = process.env.ROUNDS_TEST_REQUIRE_PG === '1';
if (!postgresAvailable && process.argv.some((a) => a.includes('vitest'))) {
  if (postgresRequired) throw new Error('ROUNDS_TEST_REQUIRE_PG=1 but no PostgreSQL: set ROUNDS_TEST_PG_URL or install postgresql');
  console.warn('postgres project skipped: no ROUNDS_TEST_PG_URL and no /usr/lib/postgresql/*/bin/initdb');
}

/** Tests of the SQLite file itself (kill -9 mid-write, WAL, the file's permissions, CLIs on a file): the sqlite project only. */
const SQLITE_FILE_TESTS = [
  'test/server/crash.test.ts',
  'test/server/audit-cli.test.ts',
  'test/server/backtest-cli.test.ts',
  'test/server/operations.test.ts',
  // The queue's processes share one SQLite file (the queue, not the store, is under test there).
  'test/server/queue-faults.test.ts',
  'test/server/queue-tls.test.ts',
];

/** Server tests that never open a store: once is enough. */
const STORELESS_TESTS = [
  'test/server/demo.test.ts',
  'test/server/england-wales.test.ts',
  'test/server/export-problem.test.ts',
  'test/server/import-roundtrip.test.ts',
  'test/server/postcodes.test.ts',
  'test/server/queue-slots.test.ts',
];

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
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores here: solver and browser tests are CPU-bound and time-limited.
    maxWorkers: 2,
    projects: [
      { extends: true as const, test: { name: 'sqlite', include: ['test/**/*.test.ts'] } },
      ...(postgresAvailable || postgresRequired
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: ['test/server/**/*.test.ts'],
                exclude: [...SQLITE_FILE_TESTS, ...STORELESS_TESTS],
                env: { ROUNDS_TEST_STORE: 'postgres' },
                globalSetup: ['test/support/pg-global-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
