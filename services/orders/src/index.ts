import { loggerFromConfig } from '@agora/logger';
import { exitOnFatalErrors, listen, metricsApp, shutdownOnSignals } from '@agora/koa-kit';
import { loadOrdersConfig } from './config.js';
import { startOrdersService } from './service.js';

const config = loadOrdersConfig();
const log = loggerFromConfig('orders', config);
exitOnFatalErrors(log);
const service = await startOrdersService(config, log);
// Metrics first: once the service answers /readyz, its metrics can be scraped.
const metrics = await listen(metricsApp(service.metrics.registry), { port: config.METRICS_PORT });
const listening = await listen(service.app, { port: config.PORT, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS });
log.info({ event: 'listening', port: listening.port, metrics_port: metrics.port }, 'orders listening');
shutdownOnSignals([listening, metrics], service.stop, log);
