import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const overlays = ['dev', 'prod'] as const;
export type Overlay = (typeof overlays)[number];

/** The five processes; each has a Deployment, a Service, a ConfigMap and a MariaDB of the same name. */
export const processes = ['aggregator', 'auth', 'inventory', 'orders', 'payments'] as const;

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  [field: string]: any;
}

const rendered = new Map<Overlay, K8sObject[]>();

/** `kubectl kustomize manifests/overlays/<overlay>`, parsed; rendered once per test run. */
export function render(overlay: Overlay): K8sObject[] {
  const cached = rendered.get(overlay);
  if (cached) return cached;
  let output: string;
  try {
    output = execFileSync('kubectl', ['kustomize', path.join(repoRoot, 'manifests/overlays', overlay)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 20_000,
    });
  } catch (err: any) {
    if (err.code === 'ENOENT') {
      throw new Error(
        'kubectl is not installed or not on PATH: the deploy tests render the overlays with `kubectl kustomize`',
      );
    }
    throw new Error(`kubectl kustomize of overlay "${overlay}" failed:\n${err.stderr ?? err.message}`);
  }
  const objects = parseAllDocuments(output).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`overlay ${overlay} rendered invalid YAML: ${doc.errors[0].message}`);
    return doc.toJS() as K8sObject;
  });
  rendered.set(overlay, objects);
  return objects;
}

export function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

export function named(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name}`);
  return found;
}

/** Pod-owning workloads: what the probes, hardening and Service selectors are checked against. */
export function workloads(objects: K8sObject[]): K8sObject[] {
  return objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
}

export function selectorMatches(selector: Record<string, string>, labels: Record<string, string> = {}): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}
