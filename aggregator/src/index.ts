import { loggerFromConfig } from '@agora/logger';
import { listen, shutdownOnSignals } from '@agora/koa-kit';
import { loadAggregatorConfig } from './config.js';
import { startAggregator } from './service.js';

const config = loadAggregatorConfig();
const log = loggerFromConfig('aggregator', config);
const aggregator = await startAggregator(config, log);
const [listening, internal] = await Promise.all([listen(aggregator.app, { port: config.PORT }), listen(aggregator.internalApp, { port: config.INTERNAL_PORT })]);
log.info({ event: 'listening', port: listening.port, internal_port: internal.port }, 'aggregator listening');
shutdownOnSignals([listening, internal], aggregator.stop, log);
