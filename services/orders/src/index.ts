import { loggerFromConfig } from '@agora/logger';
import { exitOnFatalErrors, listen, shutdownOnSignals } from '@agora/koa-kit';
import { loadOrdersConfig } from './config.js';
import { startOrdersService } from './service.js';

const config = loadOrdersConfig();
const log = loggerFromConfig('orders', config);
exitOnFatalErrors(log);
const service = await startOrdersService(config, log);
const listening = await listen(service.app, { port: config.PORT, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS });
log.info({ event: 'listening', port: listening.port }, 'orders listening');
shutdownOnSignals(listening, service.stop, log);
