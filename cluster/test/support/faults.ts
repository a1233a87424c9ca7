import { setTimeout as sleep } from 'node:timers/promises';
import type { Cluster } from '../../src/cluster.js';
import type { LoadBalancing } from '../../src/mesh-settings.js';
import type { Replica } from '../../src/replica.js';

export type FaultKind = 'kill' | 'freeze' | 'cut';

/**
 * How long the load balancer may take to stop sending to a failed replica, from the same
 * source as its configuration: the readiness probe fails `failureThreshold` times, each
 * check taking up to its timeout, one period apart, plus one period for the check in
 * flight when the fault came. Outlier ejection under load usually comes first.
 */
export function ejectionBoundMs(lb: LoadBalancing): number {
  const { periodMs, timeoutMs, failureThreshold } = lb.health;
  return failureThreshold * (periodMs + timeoutMs) + periodMs;
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(100);
  }
  return false;
}

export interface FaultOutcome {
  /** From the fault to the load balancer taking the replica out of every backend (null: not within the bound). */
  ejectedAfterMs: number | null;
  injectedAt: number;
  restoredAt: number;
}

/**
 * Fails one replica (SIGKILL, SIGSTOP, or its host's link down), waits until the load balancer
 * routes around it, keeps it failed `holdMs` longer, then brings it back (started again,
 * SIGCONT, link up) and waits until the load balancer sends to it again.
 */
export async function injectFault(
  cluster: Cluster,
  replica: Replica,
  kind: FaultKind,
  holdMs: number,
): Promise<FaultOutcome> {
  const lb = cluster.settings.find((s) => s.name === replica.name)!;
  const bound = ejectionBoundMs(lb);
  const injectedAt = Date.now();
  if (kind === 'kill') await replica.kill();
  else if (kind === 'freeze') replica.freeze();
  else cluster.cut(replica);
  let ejectedAfterMs: number | null = null;
  try {
    if (await until(() => cluster.lbSees(replica, false), bound)) ejectedAfterMs = Date.now() - injectedAt;
    await sleep(holdMs);
  } finally {
    if (kind === 'kill') replica.start();
    else if (kind === 'freeze') replica.thaw();
    else cluster.restore(replica);
  }
  await backInService(cluster, replica);
  return { ejectedAfterMs, injectedAt, restoredAt: Date.now() };
}

/** Ready on its own address, then seen UP by the load balancer (one successful check). */
export async function backInService(cluster: Cluster, replica: Replica): Promise<void> {
  await replica.waitReady(180_000);
  const lb = cluster.settings.find((s) => s.name === replica.name)!;
  if (!(await until(() => cluster.lbSees(replica, true), 60_000 + lb.health.periodMs * lb.health.successThreshold))) {
    throw new Error(`the load balancer did not take ${replica.id} back`);
  }
}

/**
 * A rollout's step for one replica: out of the endpoints first (HAProxy maintenance, as a
 * terminating pod leaves its Service), SIGTERM (it drains what it has), started again, and
 * back into the endpoints once ready.
 */
export async function restartGracefully(cluster: Cluster, replica: Replica): Promise<void> {
  await cluster.setServing(replica, false);
  await replica.stop();
  replica.start();
  await replica.waitReady(180_000);
  await cluster.setServing(replica, true);
  await backInService(cluster, replica);
}
