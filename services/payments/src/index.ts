import { loggerFromConfig } from '@agora/logger';
import { exitOnFatalErrors, listen, shutdownOnSignals } from '@agora/koa-kit';
import { loadPaymentsConfig } from './config.js';
import { startPaymentsService } from './service.js';

const config = loadPaymentsConfig();
const log = loggerFromConfig('payments', config);
exitOnFatalErrors(log);
const service = await startPaymentsService(config, log);
const listening = await listen(service.app, { port: config.PORT, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS });
log.info({ event: 'listening', port: listening.port }, 'payments listening');
shutdownOnSignals(listening, service.stop, log);
