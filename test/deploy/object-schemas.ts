import type { K8sObject } from './rendered-manifests.js';

interface Model {
  validate(): void;
}
type ModelClass = new (data: any) => Model;

/** Core groups map to kubernetes-models, `*.istio.io` to @kubernetes-models/istio, the Prometheus Operator's to its models; nothing else is allowed. */
function modelPath(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group.endsWith('.istio.io')) return `@kubernetes-models/istio/${group}/${version}/${kind}`;
  if (group === 'monitoring.coreos.com') return `@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`;
  return `kubernetes-models/${group ? `${group}/${version}` : version}/${kind}`;
}

/** The model class for an object's apiVersion and kind (one module per kind: loading every kind is slow). */
export async function modelFor(object: Pick<K8sObject, 'apiVersion' | 'kind'>): Promise<ModelClass> {
  const failure = new Error(`no schema for kind ${object.kind} in ${object.apiVersion}: unknown kinds are refused`);
  if (!/^[A-Za-z0-9./-]+$/.test(object.apiVersion) || !/^[A-Za-z]+$/.test(object.kind)) throw failure;
  const module: Record<string, unknown> = await import(modelPath(object.apiVersion, object.kind)).catch(() => ({}));
  const model = module[object.kind];
  if (typeof model !== 'function') throw failure;
  return model as ModelClass;
}

/** Validates one rendered object against the published schema of its kind. */
export async function validateObject(object: K8sObject): Promise<void> {
  const Model = await modelFor(object);
  try {
    new Model(object).validate();
  } catch (err) {
    throw new Error(`${object.kind}/${object.metadata.name}: ${(err as Error).message}`);
  }
}
