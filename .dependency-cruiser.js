// The architecture's layers as import rules (DEVELOPERS.md, "Checks"). `npm run boundaries` fails
// naming the rule that an import breaks. Type-only imports count: a type is part of what a layer knows.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'vrp-is-standalone',
      comment: 'solver/vrp is the generic optimiser: it imports Node builtins and npm packages, nothing else of the project.',
      severity: 'error',
      from: { path: '^solver/vrp/' },
      to: { pathNot: ['^solver/vrp/', '^node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'roads-knows-no-planning',
      comment: 'solver/roads answers routing questions; planning (rules, vrp) and the server build on it, not the other way.',
      severity: 'error',
      from: { path: '^solver/roads/' },
      to: { path: '^(solver/rules|solver/vrp|server|client)/' },
    },
    {
      name: 'rules-knows-no-server',
      comment: 'solver/rules is the enforcement domain: the server and the client call it, it calls neither.',
      severity: 'error',
      from: { path: '^solver/rules/' },
      to: { path: '^(server|client)/' },
    },
    {
      name: 'client-only-contract',
      comment: 'The client reaches the server through the HTTP API only; shared shapes live in contract/.',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^(server|solver)/' },
    },
    {
      name: 'contract-stands-alone',
      comment:
        "contract/ is the HTTP API's shapes, shared by the server and the client (which bundles it): it imports zod and itself, nothing of server, solver or client, no Node builtin.",
      severity: 'error',
      from: { path: '^contract/' },
      to: { pathNot: ['^contract/', '^node_modules/zod/'] },
    },
    {
      name: 'no-one-imports-client',
      comment: 'The client is a leaf: nothing in solver/ or server/ imports it.',
      severity: 'error',
      from: { path: '^(solver|server)/' },
      to: { path: '^client/' },
    },
    {
      name: 'only-tests-import-tests',
      comment: 'test/ and bench/ are leaves: only they import their own helpers.',
      severity: 'error',
      from: { pathNot: '^(test|bench)/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-unresolvable-import',
      comment: 'An import the cruiser cannot resolve would escape every rule above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '^node_modules/' },
    exclude: { path: '^(node_modules|dist|data|docs|test-artifacts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    // Packages' subpath exports (csv-parse/sync, tsx/esm/api) resolve as Node resolves them.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
