import { loggerFromConfig } from '@agora/logger';
import { listen, shutdownOnSignals } from '@agora/koa-kit';
import { loadAggregatorConfig } from './config.js';
import { startAggregator } from './service.js';

const config = loadAggregatorConfig();
const log = loggerFromConfig('aggregator', config);
const aggregator = await startAggregator(config, log);
const listening = await listen(aggregator.app, { port: config.PORT });
log.info({ event: 'listening', port: listening.port }, 'aggregator listening');
shutdownOnSignals(listening, aggregator.stop, log);
