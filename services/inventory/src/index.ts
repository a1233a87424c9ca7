import { loggerFromConfig } from '@agora/logger';
import { listen, shutdownOnSignals } from '@agora/koa-kit';
import { loadInventoryConfig } from './config.js';
import { startInventoryService } from './service.js';

const config = loadInventoryConfig();
const log = loggerFromConfig('inventory', config);
const service = await startInventoryService(config, log);
const listening = await listen(service.app, { port: config.PORT });
log.info({ event: 'listening', port: listening.port }, 'inventory listening');
shutdownOnSignals(listening, service.stop, log);
