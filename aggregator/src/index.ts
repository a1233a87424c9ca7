import { loggerFromConfig } from '@agora/logger';
import { listen, shutdownOnSignals } from '@agora/koa-kit';
import { loadAggregatorConfig } from './config.js';
import { startAggregator } from './service.js';

const config = loadAggregatorConfig();
const log = loggerFromConfig('aggregator', config);
const aggregator = await startAggregator(config, log);
// The internal port first: once the public one answers /readyz, both are listening.
const internal = await listen(aggregator.internalApp, { port: config.INTERNAL_PORT });
const listening = await listen(aggregator.app, { port: config.PORT });
log.info({ event: 'listening', port: listening.port, internal_port: internal.port }, 'aggregator listening');
shutdownOnSignals([listening, internal], aggregator.stop, log);
