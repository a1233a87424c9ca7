export { startPeriodicJob, type JobTick, type PeriodicJob } from './periodic-job.js';
export { backoffDelay } from './backoff.js';
