import { loggerFromConfig } from '@agora/logger';
import { exitOnFatalErrors, listen, shutdownOnSignals } from '@agora/koa-kit';
import { loadInventoryConfig } from './config.js';
import { startInventoryService } from './service.js';

const config = loadInventoryConfig();
const log = loggerFromConfig('inventory', config);
exitOnFatalErrors(log);
const service = await startInventoryService(config, log);
const listening = await listen(service.app, { port: config.PORT, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS });
log.info({ event: 'listening', port: listening.port }, 'inventory listening');
shutdownOnSignals(listening, service.stop, log);
