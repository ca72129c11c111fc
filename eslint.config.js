// ESLint: typescript-eslint's type-checked recommended rules over every TypeScript part. Each file is
// checked against its nearest tsconfig.json (the client with DOM, the rest with Node), so a rule sees
// the same types as `npm run typecheck`. Formatting is Prettier's: eslint-config-prettier, last,
// turns off every rule that would fight it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'docs/', 'test-artifacts/', 'bench/results/', 'test/fixtures/', 'client/src/directions/*.cjs'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The recommended set has these; named here because they are why this config exists.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `_name` marks a deliberately unused parameter or binding; `{ drop: _, ...rest }` omits a key.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Async functions that implement a Promise-returning interface (store, road backends, Fastify handlers) need no await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Node kinds and segment fields live in typed arrays (plain numbers) compared with const enums, on purpose (speed).
    files: ['solver/vrp/search/**/*.ts', 'test/vrp/search/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-enum-comparison': 'off' },
  },
  {
    // Tests read JSON answers (app.inject, CLI output) as `any` on purpose: the expect() that follows is the check.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JavaScript (this file, the worker entries) is outside every tsconfig: lint it without types.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
  prettier,
);
