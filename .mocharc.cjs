// One mocha run over every workspace: TypeScript is loaded through tsx, and the
// "development" export condition makes workspace packages resolve to their sources.
module.exports = {
  'node-option': ['conditions=development', 'import=tsx'],
  spec: [
    'libs/*/test/**/*.test.ts',
    'services/*/test/**/*.test.ts',
    'aggregator/test/**/*.test.ts',
    'test/**/*.test.ts',
  ],
  timeout: 30000,
  exit: true,
};
