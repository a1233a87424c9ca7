import { loggerFromConfig } from '@agora/logger';
import { listen, shutdownOnSignals } from '@agora/koa-kit';
import { loadPaymentsConfig } from './config.js';
import { startPaymentsService } from './service.js';

const config = loadPaymentsConfig();
const log = loggerFromConfig('payments', config);
const service = await startPaymentsService(config, log);
const listening = await listen(service.app, { port: config.PORT });
log.info({ event: 'listening', port: listening.port }, 'payments listening');
shutdownOnSignals(listening, service.stop, log);
