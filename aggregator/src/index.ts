import { loggerFromConfig } from '@agora/logger';
import { exitOnFatalErrors, listen, shutdownOnSignals } from '@agora/koa-kit';
import { loadAggregatorConfig } from './config.js';
import { startAggregator } from './service.js';

const config = loadAggregatorConfig();
const log = loggerFromConfig('aggregator', config);
exitOnFatalErrors(log);
const aggregator = await startAggregator(config, log);
// The internal port first: once the public one answers /readyz, both are listening.
const internal = await listen(aggregator.internalApp, { port: config.INTERNAL_PORT, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS });
const listening = await listen(aggregator.app, { port: config.PORT, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS });
log.info({ event: 'listening', port: listening.port, internal_port: internal.port }, 'aggregator listening');
shutdownOnSignals([listening, internal], aggregator.stop, log);
