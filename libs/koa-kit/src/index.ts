export { createApp, type AppOptions, type AppState } from './create-app.js';
export { trackRequest } from './track-request.js';
export { logRequests } from './log-requests.js';
export { problemResponses } from './problem-responses.js';
export { jsonBody } from './json-body.js';
export { OpenApiSpec, loadSpec, type Operation, type UntypedOperation } from './openapi.js';
export type { SignedIn, ValidatedState, ValidatedMiddleware, RequestBodyOf, ResponseBodyOf } from './typed-handlers.js';
export { healthRoutes } from './health.js';
export { callerIdentity, requireUser, requireRole } from './caller-identity.js';
export { callerDeadline } from './caller-deadline.js';
export { listen, shutdownOnSignals, type Listening, type ListenOptions } from './serve.js';
export { createRouter, type Router } from './router.js';
export { securityHeaders, HSTS } from './security-headers.js';
export { exitOnFatalErrors } from './fatal-errors.js';
export {
  processMetrics,
  observeDatabase,
  readOncePerScrape,
  LATENCY_BUCKETS,
  type ProcessMetrics,
  type PoolStats,
} from './process-metrics.js';
export { requestMetrics } from './request-metrics.js';
export { metricsApp } from './metrics-endpoint.js';
export { observeOutboxes, type OutboxBacklog } from './outbox-metrics.js';
