import { Counter, Gauge } from 'prom-client';
import type { ProcessMetrics } from '@agora/koa-kit';
import type { AdmissionClass, AdmissionGates } from './admission.js';

/**
 * `agora_admission_in_flight{class}` and `agora_admission_queued{class}` (read from the gates
 * at scrape time) and `agora_admission_refusals_total{class}`: how close each class of request
 * is to its limit, and how many were refused with 503 for capacity.
 */
export function observeAdmission(
  metrics: ProcessMetrics,
  gates: AdmissionGates,
): { refused(admissionClass: AdmissionClass): void } {
  const classes = Object.keys(gates) as AdmissionClass[];
  const gauge = (name: string, help: string, read: (admissionClass: AdmissionClass) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['class'],
      registers: [metrics.registry],
      collect() {
        for (const admissionClass of classes) this.set({ class: admissionClass }, read(admissionClass));
      },
    });
  gauge('agora_admission_in_flight', 'Public requests being handled, by admission class', (c) => gates[c].inFlight);
  gauge(
    'agora_admission_queued',
    'Public requests waiting in line for admission, by admission class',
    (c) => gates[c].queued,
  );
  const refusals = new Counter({
    name: 'agora_admission_refusals_total',
    help: 'Public requests refused with 503 for capacity (line full, or waited too long), by admission class',
    labelNames: ['class'],
    registers: [metrics.registry],
  });
  return { refused: (admissionClass) => refusals.inc({ class: admissionClass }) };
}
