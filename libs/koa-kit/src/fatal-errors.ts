import { flushLogs, type Logger } from '@agora/logger';

/**
 * A rejection nobody handled or an exception nobody caught leaves the process in an unknown
 * state: log it as `fatal` through the process's logger, flush the logs (Fluentd included),
 * then exit non-zero so the supervisor restarts a clean process.
 */
export function exitOnFatalErrors(log: Logger, exit: (code: number) => void = (code) => process.exit(code)): void {
  let exiting = false;
  const fatal = (event: string) => (err: unknown) => {
    log.fatal({ event, err }, 'fatal error; exiting');
    if (exiting) return;
    exiting = true;
    // Exit even if flushing hangs.
    setTimeout(() => exit(1), 3_000).unref();
    void flushLogs(log).finally(() => exit(1));
  };
  process.on('unhandledRejection', fatal('unhandled_rejection'));
  process.on('uncaughtException', fatal('uncaught_exception'));
}
