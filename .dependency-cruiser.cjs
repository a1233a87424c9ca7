// The layer rules of docs/contributing.md, checked by `npm run lint:layers` (in `npm run lint`)
// and by test/layers/layer-rules.test.ts (in `npm test`). Zero violations, no exceptions.
const SERVICE = '^(services/[^/]+|aggregator)/src';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-without-infrastructure',
      comment:
        'Domain code is plain TypeScript: no web framework, ORM, database driver, HTTP client, file or socket I/O.',
      severity: 'error',
      from: { path: `${SERVICE}/domain/` },
      to: {
        path: [
          '^node_modules/(koa|koa-[^/]+|@koa/[^/]+|sequelize|mysql2|sqlite3|got)/',
          '^libs/(db|koa-kit|http-client)/',
          '^(node:)?(fs|fs/promises|http|https|http2|net)$',
        ],
      },
    },
    {
      name: 'api-through-domain',
      comment:
        "A service's routers reach data only through its domain: an api module imports nothing from data-access.",
      severity: 'error',
      from: { path: '^(services/[^/]+)/src/api/' },
      to: { path: '^$1/src/data-access/' },
    },
    {
      name: 'aggregator-api-through-domain',
      comment:
        "The aggregator's data-access is the typed clients of the services (and the user directory over auth's): " +
        'a route that only forwards to one of them calls it directly, as a gateway does. Its own stores ' +
        '(saga log, idempotency store, erasures, rate limits) are reached only through the domain.',
      severity: 'error',
      from: { path: '^aggregator/src/api/' },
      to: {
        path: '^aggregator/src/data-access/',
        pathNot: '^aggregator/src/data-access/([a-z-]+-client|user-directory)[.]ts$',
      },
    },
    {
      name: 'no-service-imports-another',
      comment: "Services and the aggregator talk over HTTP only; none imports another one's code.",
      severity: 'error',
      from: { path: '^(services/[^/]+|aggregator)/' },
      to: { path: '^(services/[^/]+|aggregator)/', pathNot: '^$1/' },
    },
    {
      name: 'kit-knows-no-service',
      comment: 'libs/* are a kit for any service: they import no service, the aggregator or the SDK.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^(services|aggregator|sdk)/' },
    },
    {
      name: 'no-cycles',
      comment: 'A module graph without cycles: a cycle means two modules are one, or a type sits in the wrong one.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'resolvable',
      comment: 'Every import resolves (a typo would otherwise hide a dependency from the rules).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['development', 'agora-source', 'import', 'types', 'node', 'default'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
