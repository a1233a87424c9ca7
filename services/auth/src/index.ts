import { loggerFromConfig } from '@agora/logger';
import { exitOnFatalErrors, listen, metricsApp, shutdownOnSignals } from '@agora/koa-kit';
import { loadAuthConfig } from './config.js';
import { startAuthService } from './service.js';

const config = loadAuthConfig();
const log = loggerFromConfig('auth', config);
exitOnFatalErrors(log);
const service = await startAuthService(config, log);
// Metrics first: once the service answers /readyz, its metrics can be scraped.
const metrics = await listen(metricsApp(service.metrics.registry), { port: config.METRICS_PORT });
const listening = await listen(service.app, { port: config.PORT, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS });
log.info({ event: 'listening', port: listening.port, metrics_port: metrics.port }, 'auth listening');
shutdownOnSignals([listening, metrics], service.stop, log);
