/** Architecture rules (docs/architecture.md): checked by `npm run check:arch`, part of `npm test`. */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core imports no other layer of the app: it runs in Node, a worker and the browser alike.',
      severity: 'error',
      from: { path: '^src/core' },
      to: { path: '^src/(data|layers|state|map|ui|cli|workers)' },
    },
    {
      name: 'core-no-io-no-dom',
      comment: 'src/core uses no node:* module, no maplibre, no React.',
      severity: 'error',
      from: { path: '^src/core' },
      to: {
        path: '^(node:|fs$|path$|http|url$|os$)|(^|/)node_modules/(maplibre-gl|react|react-dom|zustand|papaparse)/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'core-no-node-builtins',
      severity: 'error',
      from: { path: '^src/core' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'layers-only-core-and-bundle-types',
      comment:
        'src/layers (the layer registry: what the app says and draws of each layer) imports src/core and the bundle contract types only; data, state, map, ui, workers and cli may import it.',
      severity: 'error',
      from: { path: '^src/layers' },
      to: {
        path: '^src/(state|map|ui|cli|workers)/|^src/data/(?!bundle/bundle-types[.]ts$)|(^|/)node_modules/(maplibre-gl|react|react-dom|zustand|papaparse)/',
      },
    },
    {
      name: 'data-only-core',
      comment:
        'src/data parses and validates foreign formats into core types; it may use src/core and the layer registry (src/layers) only.',
      severity: 'error',
      from: { path: '^src/data' },
      to: { path: '^src/(state|map|ui|cli|workers)' },
    },
    {
      name: 'data-no-node-builtins',
      comment: 'src/data runs in the browser too: no node:* (file access lives in src/cli).',
      severity: 'error',
      from: { path: '^src/data' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'state-only-types',
      comment: 'src/state may use core and data (types and pure helpers), never map, ui or cli.',
      severity: 'error',
      from: { path: '^src/state' },
      to: { path: '^src/(map|ui|cli)|(^|/)node_modules/maplibre-gl/' },
    },
    {
      name: 'workers-only-core-and-data',
      comment: 'Workers (src/workers) run core and data code off the main thread: no state, map, ui or cli, no React, no maplibre.',
      severity: 'error',
      from: { path: '^src/workers' },
      to: { path: '^src/(state|map|ui|cli)|(^|/)node_modules/(maplibre-gl|react|react-dom)/' },
    },
    {
      name: 'workers-no-node-builtins',
      severity: 'error',
      from: { path: '^src/workers' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'state-not-workers',
      comment: 'The store gets its worker runner injected (src/main.tsx); it never starts a worker itself.',
      severity: 'error',
      from: { path: '^src/state' },
      to: { path: '^src/workers' },
    },
    {
      name: 'map-no-ui-no-cli',
      severity: 'error',
      from: { path: '^src/map' },
      to: { path: '^src/(ui|cli)' },
    },
    {
      name: 'ui-map-only-through-mapview',
      comment: 'Only src/ui/MapView.tsx mounts the map: other UI files never import src/map or maplibre-gl.',
      severity: 'error',
      from: { path: '^src/ui', pathNot: '^src/ui/MapView\\.tsx$' },
      to: { path: '^src/map|(^|/)node_modules/maplibre-gl/' },
    },
    {
      name: 'ui-not-data',
      comment:
        'src/ui reads data through the store (src/state) and presents it with the layer registry (src/layers); it never imports src/data, not even its types.',
      severity: 'error',
      from: { path: '^src/ui' },
      to: { path: '^src/data/' },
    },
    {
      name: 'ui-no-turf-no-cli',
      severity: 'error',
      from: { path: '^src/ui' },
      to: { path: '^src/cli|(^|/)node_modules/@turf/' },
    },
    {
      name: 'cli-reuses-core-and-data',
      comment: 'The CLI reuses core and data unchanged, never state, map or ui.',
      severity: 'error',
      from: { path: '^src/cli' },
      to: { path: '^src/(state|map|ui)' },
    },
    {
      name: 'no-maplibre-outside-map',
      severity: 'error',
      from: { path: '^src', pathNot: '^src/(map/|ui/MapView\\.tsx$)' },
      to: { path: '(^|/)node_modules/maplibre-gl/' },
    },
    {
      name: 'no-tests-in-src',
      severity: 'error',
      from: { path: '^src', pathNot: '\\.test\\.ts$' },
      to: { path: '\\.test\\.tsx?$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
    },
    exclude: { path: '^src/.*\\.d\\.ts$' },
  },
};
