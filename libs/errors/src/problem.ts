import { STATUS_CODES } from 'node:http';
import type { ErrorCode, FieldError } from './app-error.js';

/** An error as RFC 9457 problem+json: what koa-kit answers, and what the checkout saga stores as its final answer. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  errors?: FieldError[];
}

export function problemBody(
  status: number,
  code: ErrorCode,
  detail: string,
  errors?: FieldError[],
  instance?: string,
): Problem {
  return {
    type: `https://agora.dev/problems/${code.replace(/_/g, '-')}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(instance ? { instance } : {}),
    ...(errors ? { errors } : {}),
  };
}
