import { loggerFromConfig } from '@agora/logger';
import { exitOnFatalErrors, listen, shutdownOnSignals } from '@agora/koa-kit';
import { loadAuthConfig } from './config.js';
import { startAuthService } from './service.js';

const config = loadAuthConfig();
const log = loggerFromConfig('auth', config);
exitOnFatalErrors(log);
const service = await startAuthService(config, log);
const listening = await listen(service.app, { port: config.PORT, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS });
log.info({ event: 'listening', port: listening.port }, 'auth listening');
shutdownOnSignals(listening, service.stop, log);
