import { expect } from 'chai';
import { named, ofKind, overlays, processes, render, type K8sObject } from './rendered-manifests.js';
import { configLoader, secretsCreatedByScript, variablesRead, variablesRequired } from './process-config.js';

/** Stand-ins for the values create-secrets.sh generates, shaped as the code validates them. */
const secretStandIns: Record<string, (process: string) => string> = {
  DATABASE_URL: (process) => `mysql://${process}:secret@${process}-db.agora.svc.cluster.local:3306/${process}`,
  JWT_PRIVATE_KEY: () => '-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----',
  JWT_VERIFICATION_KEYS: () => '-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----',
  AGORA_ADMIN_EMAIL: () => 'admin@agora.example',
  AGORA_ADMIN_PASSWORD: () => 'a-long-admin-password',
};

/** The environment Kubernetes gives the process's container: its ConfigMaps plus its Secret references. */
function containerEnvironment(
  objects: K8sObject[],
  process: string,
): { values: Record<string, string>; fromSecrets: string[] } {
  const container = named(objects, 'Deployment', process).spec.template.spec.containers[0];
  const values: Record<string, string> = {};
  for (const source of container.envFrom ?? [])
    Object.assign(values, named(objects, 'ConfigMap', source.configMapRef.name).data);
  const fromSecrets: string[] = [];
  for (const variable of container.env ?? []) {
    if (variable.valueFrom?.secretKeyRef) {
      fromSecrets.push(variable.name);
      const standIn = secretStandIns[variable.name];
      if (!standIn) throw new Error(`no stand-in value for secret variable ${variable.name}`);
      values[variable.name] = standIn(process);
    } else {
      values[variable.name] = variable.value;
    }
  }
  return { values, fromSecrets };
}

describe('deploy: the environment in the manifests is the one the code reads', () => {
  for (const overlay of overlays) {
    for (const process of processes) {
      it(`${overlay}: ${process} gets only variables its config reads, every required one, and values it accepts`, async () => {
        const load = await configLoader(process);
        const { values } = containerEnvironment(render(overlay), process);
        const read = variablesRead(load);
        expect(read.size, 'variables found in the config shape').to.be.greaterThan(5);
        expect(
          Object.keys(values).filter((name) => !read.has(name)),
          'set but never read',
        ).to.deep.equal([]);
        expect(
          variablesRequired(load).filter((name) => !(name in values)),
          'required but not set',
        ).to.deep.equal([]);
        const config = load(values) as { PORT: number };
        expect(config.PORT).to.equal(
          named(render(overlay), 'Deployment', process).spec.template.spec.containers[0].ports[0].containerPort,
        );
      });
    }

    it(`${overlay}: points every service URL at the mesh DNS name and port of a Service that exists`, () => {
      const objects = render(overlay);
      const urls = ofKind(objects, 'ConfigMap').flatMap((map) =>
        Object.values(map.data ?? {}).filter((value) => /^https?:/.test(value)),
      );
      expect(urls.length).to.be.greaterThan(4);
      for (const url of urls) {
        const match = /^http:\/\/([a-z0-9-]+)\.agora\.svc\.cluster\.local:(\d+)$/.exec(url);
        expect(match, url).to.not.equal(null);
        const service = named(objects, 'Service', match![1]);
        expect(
          service.spec.ports.map((p: any) => p.port),
          url,
        ).to.include(Number(match![2]));
      }
    });
  }

  it('wires the processes together by their defaults alone: every default *_URL is the default port of the process it names', async () => {
    const defaults: Record<string, Record<string, unknown>> = Object.fromEntries(
      await Promise.all(
        processes.map(async (name) => [name, (await configLoader(name))({}) as Record<string, unknown>]),
      ),
    );
    // AGGREGATOR_URL is auth's erasure job's: the aggregator's internal port, never its public one.
    const portOf = (name: string) =>
      Number(name === 'aggregator' ? defaults.aggregator.INTERNAL_PORT : defaults[name].PORT);
    const urls = Object.entries(defaults).flatMap(([owner, config]) =>
      Object.entries(config)
        .filter(([key]) => /^[A-Z]+_URL$/.test(key) && key !== 'DATABASE_URL')
        .map(([key, url]) => ({ owner, key, url: String(url) })),
    );
    expect(urls.map((u) => `${u.owner}.${u.key}`)).to.include.members([
      'auth.AGGREGATOR_URL',
      'aggregator.AUTH_URL',
      'orders.PAYMENTS_URL',
    ]);
    for (const { owner, key, url } of urls) {
      const target = key.replace(/_URL$/, '').toLowerCase();
      expect(Number(new URL(url).port), `${owner}.${key}`).to.equal(portOf(target));
    }
  });

  it('creates every required Secret key with manifests/create-secrets.sh, and only keys that are referenced', () => {
    const created = secretsCreatedByScript();
    const referenced = new Set<string>();
    const required = new Set<string>();
    // The logging stack's one Secret (agora-logs-es-elastic-user) is ECK's, not the script's.
    for (const workload of [...ofKind(render('prod'), 'Deployment'), ...ofKind(render('prod'), 'StatefulSet')].filter(
      (w) => w.metadata.namespace === 'agora',
    )) {
      for (const variable of workload.spec.template.spec.containers[0].env ?? []) {
        const ref = variable.valueFrom?.secretKeyRef;
        if (ref) referenced.add(`${ref.name}/${ref.key}`);
        if (ref && !ref.optional) required.add(`${ref.name}/${ref.key}`);
      }
    }
    expect(
      [...required].filter((key) => !created.has(key)),
      'required but never created',
    ).to.deep.equal([]);
    expect(
      [...created].filter((key) => !referenced.has(key)),
      'created but never read',
    ).to.deep.equal([]);
    // The one key the script never creates: a key rotation's, set by an operator (docs/deploy.md).
    expect([...referenced].filter((key) => !created.has(key))).to.deep.equal(['auth-jwt/JWT_VERIFICATION_KEYS']);
  });
});
