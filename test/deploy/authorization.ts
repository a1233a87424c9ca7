import type { K8sObject } from './rendered-manifests.js';

/** One request inside the mesh: who sends it (mTLS principal) to which workload. */
export interface MeshRequest {
  principal: string;
  /** The namespace of the workload called: a policy applies to its own namespace's workloads only. */
  namespace: string;
  workloadLabels: Record<string, string>;
  port: number;
  method?: string;
  path?: string;
}

/** Istio's string match: exact, `prefix*`, `*suffix` or `*`. */
function matches(patterns: string[] | undefined, value: string | undefined): boolean {
  if (!patterns) return true;
  if (value === undefined) return false;
  return patterns.some((p) =>
    p === '*'
      ? true
      : p.endsWith('*')
        ? value.startsWith(p.slice(0, -1))
        : p.startsWith('*')
          ? value.endsWith(p.slice(1))
          : value === p,
  );
}

function ruleAllows(rule: any, request: MeshRequest): boolean {
  const fromOk = !rule.from || rule.from.some((f: any) => matches(f.source?.principals, request.principal));
  const toOk =
    !rule.to ||
    rule.to.some(
      (t: any) =>
        matches(t.operation?.ports, String(request.port)) &&
        matches(t.operation?.methods, request.method) &&
        matches(t.operation?.paths, request.path),
    );
  return fromOk && toOk;
}

/**
 * ALLOW-only evaluation of Istio AuthorizationPolicies (the only action used here): a request is
 * allowed when some policy of the workload's namespace that selects it has a rule that matches
 * it (no policy is written to the root namespace, which would apply everywhere). A policy with
 * no rules selects but allows nothing, which is how the namespace-wide default deny works.
 */
export function isAllowed(policies: K8sObject[], request: MeshRequest): boolean {
  const applicable = policies.filter((policy) => {
    if (policy.metadata.namespace !== request.namespace) return false;
    const selector: Record<string, string> = policy.spec?.selector?.matchLabels ?? {};
    return Object.entries(selector).every(([key, value]) => request.workloadLabels[key] === value);
  });
  for (const policy of applicable) {
    if ((policy.spec?.action ?? 'ALLOW') !== 'ALLOW')
      throw new Error(`policy ${policy.metadata.name}: only ALLOW is modelled`);
  }
  return applicable.some((policy) => (policy.spec?.rules ?? []).some((rule: any) => ruleAllows(rule, request)));
}
