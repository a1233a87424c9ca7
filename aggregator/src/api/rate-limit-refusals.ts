import { Counter } from 'prom-client';
import type { ProcessMetrics } from '@agora/koa-kit';

/** `agora_rate_limit_refusals_total{policy}`: requests refused with 429, by the limit that refused them (`reads-ip`, `writes-account`, …). */
export function rateLimitRefusals(metrics: ProcessMetrics): { refused(policy: string): void } {
  const refusals = new Counter({
    name: 'agora_rate_limit_refusals_total',
    help: 'Requests refused with 429 by a rate limit, by policy (route class and key: ip or account)',
    labelNames: ['policy'],
    registers: [metrics.registry],
  });
  return { refused: (policy) => refusals.inc({ policy }) };
}
