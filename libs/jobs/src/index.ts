export { startPeriodicJob, type JobTick, type PeriodicJob } from './periodic-job.js';
export { backoffDelay } from './backoff.js';
export { OutboxSender, type Outbox, type OutboxRow, type OutboxSenderOptions } from './outbox-sender.js';
