export { AppError, type ErrorCode, type FieldError, statusOf, isErrorCode } from './app-error.js';
export {
  ValidationFailed,
  Unauthorized,
  Forbidden,
  NotFound,
  Conflict,
  InvalidState,
  TooManyRequests,
  ServiceUnavailable,
  DeadlinePassed,
} from './errors.js';
export { problemBody, type Problem } from './problem.js';
