import { loggerFromConfig } from '@agora/logger';
import { exitOnFatalErrors, listen, metricsApp, shutdownOnSignals } from '@agora/koa-kit';
import { loadAggregatorConfig } from './config.js';
import { startAggregator } from './service.js';

const config = loadAggregatorConfig();
const log = loggerFromConfig('aggregator', config);
exitOnFatalErrors(log);
const aggregator = await startAggregator(config, log);
// Metrics and the internal port first: once the public one answers /readyz, all three are listening.
const metrics = await listen(metricsApp(aggregator.metrics.registry), { port: config.METRICS_PORT });
const internal = await listen(aggregator.internalApp, {
  port: config.INTERNAL_PORT,
  requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS,
});
const listening = await listen(aggregator.app, { port: config.PORT, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS });
log.info(
  { event: 'listening', port: listening.port, internal_port: internal.port, metrics_port: metrics.port },
  'aggregator listening',
);
shutdownOnSignals([listening, internal, metrics], aggregator.stop, log);
