// `npm run test:cluster`: the failover test on the replicated cluster (compiled processes, so
// `npm run build:dist` first; root, MariaDB, Redis and HAProxy). Kept out of the default
// `npm test` spec (.mocharc.cjs at the root), which never looks under cluster/.
module.exports = {
  'node-option': ['conditions=development', 'conditions=agora-source', 'import=tsx'],
  spec: ['cluster/test/**/*.test.ts'],
  timeout: 600_000,
  exit: true,
};
