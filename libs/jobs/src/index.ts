export { startPeriodicJob, type PeriodicJob } from './periodic-job.js';
export { backoffDelay } from './backoff.js';
