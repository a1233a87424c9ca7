// One mocha run over every workspace: TypeScript is loaded through tsx, and the
// "development" export condition makes workspace packages resolve to their sources
// ("agora-source" for the SDK, whose published package must never resolve to them).
// Files named on the command line (`npx mocha path/to/x.test.ts`) run alone: mocha would
// otherwise add them to the configured spec and run the whole suite.
const named = process.argv.slice(2).some((arg) => !arg.startsWith('-') && /\.test\.ts$|\*/.test(arg));

module.exports = {
  'node-option': ['conditions=development', 'conditions=agora-source', 'import=tsx'],
  spec: named
    ? []
    : ['libs/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'aggregator/test/**/*.test.ts', 'test/**/*.test.ts'],
  timeout: 30000,
};
