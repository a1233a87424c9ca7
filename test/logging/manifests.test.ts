import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { parseAllDocuments } from 'yaml';
import { validateObject } from '../deploy/object-schemas.js';
import type { K8sObject } from '../deploy/rendered-manifests.js';

const repoPath = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
/** ECK's kinds have no schema in kubernetes-models; the tests below check their structure instead. */
const isEck = (object: K8sObject) => object.apiVersion.split('/')[0].endsWith('.k8s.elastic.co');
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

describe('logging: the Kubernetes manifests (manifests/base/logging)', function () {
  // kubectl and the kubernetes-models schemas load slowly on a busy machine.
  this.timeout(120_000);
  const objects = parseAllDocuments(
    execFileSync('kubectl', ['kustomize', repoPath('manifests/base/logging')], { encoding: 'utf8', timeout: 60_000 }),
  ).map((doc) => doc.toJS() as K8sObject);
  const find = (kind: string, name: string) => {
    const found = objects.find(
      (o) => o.kind === kind && (o.metadata.name === name || o.metadata.name.startsWith(`${name}-`)),
    );
    if (!found) throw new Error(`no ${kind} ${name} rendered`);
    return found;
  };
  const elasticsearch = find('Elasticsearch', 'agora-logs');
  const kibana = find('Kibana', 'agora-logs');
  const fluentd = find('Deployment', 'fluentd');
  const container = fluentd.spec.template.spec.containers[0];
  const envOf = (name: string) => container.env.find((e: { name: string }) => e.name === name);

  it('renders core objects that are valid for their kind (ECK resources are checked below)', async () => {
    const core = objects.filter((o) => !isEck(o));
    expect(core.map((o) => o.kind)).to.include.members([
      'Deployment',
      'Service',
      'ConfigMap',
      'Job',
      'PodDisruptionBudget',
      'ServiceAccount',
    ]);
    for (const object of core) await validateObject(object);
  });

  it('declares Elasticsearch and Kibana as ECK resources of matching versions, Kibana pointing at the cluster', () => {
    expect(elasticsearch.apiVersion).to.equal('elasticsearch.k8s.elastic.co/v1');
    expect(kibana.apiVersion).to.equal('kibana.k8s.elastic.co/v1');
    expect(elasticsearch.spec.version).to.match(/^8\.\d+\.\d+$/);
    expect(kibana.spec.version).to.equal(elasticsearch.spec.version);
    expect(kibana.spec.elasticsearchRef).to.deep.equal({ name: elasticsearch.metadata.name });
    expect(kibana.spec.count).to.be.a('number').and.at.least(1);
    expect(elasticsearch.spec.nodeSets).to.be.an('array').that.is.not.empty;
    for (const nodeSet of elasticsearch.spec.nodeSets) {
      expect(nodeSet.name).to.match(DNS_LABEL);
      expect(nodeSet.count).to.be.a('number').and.at.least(1);
      const claims = nodeSet.volumeClaimTemplates.map((c: K8sObject) => c.metadata.name);
      expect(claims, 'ECK mounts the data volume by this name').to.include('elasticsearch-data');
    }
    const nodes = elasticsearch.spec.nodeSets.reduce((sum: number, n: { count: number }) => sum + n.count, 0);
    const replicas = JSON.parse(readFileSync(repoPath('logging/elasticsearch/index-template.json'), 'utf8')).template
      .settings['index.number_of_replicas'];
    expect(nodes, 'enough nodes to place every replica').to.be.above(replicas);
  });

  it('runs Fluentd from the config in logging/fluent.conf, its buffer on a volume', () => {
    const volumes = fluentd.spec.template.spec.volumes;
    const configVolume = volumes.find((v: { configMap?: object }) => v.configMap);
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === configVolume.configMap.name)!;
    expect(configMap.data!['fluent.conf']).to.equal(readFileSync(repoPath('logging/fluent.conf'), 'utf8'));
    const bufferMount = container.volumeMounts.find(
      (m: { mountPath: string }) => m.mountPath === envOf('FLUENTD_BUFFER_PATH').value,
    );
    const bufferVolume = volumes.find((v: { name: string }) => v.name === bufferMount?.name);
    expect(bufferVolume?.emptyDir ?? bufferVolume?.persistentVolumeClaim, 'buffer volume').to.be.an('object');
  });

  it('exposes the Forward port through a Service that selects the Fluentd pods', () => {
    const service = find('Service', 'fluentd');
    const port = service.spec.ports.find((p: { port: number }) => p.port === 24224);
    expect(port.protocol).to.equal('TCP');
    expect(container.ports.find((p: { name: string }) => p.name === port.targetPort)?.containerPort).to.equal(24224);
    for (const [key, value] of Object.entries(service.spec.selector))
      expect(fluentd.spec.template.metadata.labels[key]).to.equal(value);
  });

  it('reaches Elasticsearch through the service, secret and CA that ECK creates for the cluster', () => {
    const cluster = elasticsearch.metadata.name;
    expect(envOf('ELASTICSEARCH_HOST').value).to.equal(`${cluster}-es-http`);
    expect(envOf('ELASTICSEARCH_PASSWORD').valueFrom.secretKeyRef).to.deep.equal({
      name: `${cluster}-es-elastic-user`,
      key: 'elastic',
    });
    const caMount = container.volumeMounts.find((m: { mountPath: string }) =>
      envOf('ELASTICSEARCH_CA_FILE').value.startsWith(`${m.mountPath}/`),
    );
    const caVolume = fluentd.spec.template.spec.volumes.find((v: { name: string }) => v.name === caMount.name);
    expect(caVolume.secret.secretName).to.equal(`${cluster}-es-http-certs-public`);
  });

  it('puts every namespaced object in its own namespace, agora-logging, which has sidecar injection on', () => {
    const namespace = find('Namespace', 'agora-logging');
    expect(namespace.metadata.labels?.['istio-injection']).to.equal('enabled');
    for (const object of objects.filter((o) => !['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind))) {
      expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).to.equal('agora-logging');
    }
    // In the mesh: the Forward aggregator only. ECK's TLS, a Job and a node agent stay out.
    expect(fluentd.spec.template.metadata.annotations?.['sidecar.istio.io/inject']).to.equal(undefined);
    expect(fluentd.spec.template.metadata.annotations?.['sidecar.istio.io/nativeSidecar']).to.equal('true');
    const podAnnotations = [
      find('DaemonSet', 'fluentd-node').spec.template,
      find('Job', 'logging-bootstrap').spec.template,
      ...elasticsearch.spec.nodeSets.map((n: any) => n.podTemplate),
      kibana.spec.podTemplate,
    ];
    for (const template of podAnnotations)
      expect(template.metadata.annotations['sidecar.istio.io/inject']).to.equal('false');
  });

  it("collects the nodes' container logs with a DaemonSet: logging/fluent-node.conf, /var/log read-only, no privilege", () => {
    const node = find('DaemonSet', 'fluentd-node');
    const pod = node.spec.template.spec;
    const [collector] = pod.containers;
    const configVolume = pod.volumes.find((v: any) => v.configMap);
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === configVolume.configMap.name)!;
    expect(collector.env.find((e: any) => e.name === 'FLUENTD_CONF').value).to.equal('fluent-node.conf');
    expect(configMap.data!['fluent-node.conf']).to.equal(readFileSync(repoPath('logging/fluent-node.conf'), 'utf8'));
    const logs = collector.volumeMounts.find((m: any) => m.mountPath === '/var/log');
    expect(logs.readOnly).to.equal(true);
    expect(pod.volumes.find((v: any) => v.name === logs.name).hostPath.path).to.equal('/var/log');
    expect(collector.securityContext).to.deep.include({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.tolerations, 'every node, tainted ones too').to.deep.equal([{ operator: 'Exists' }]);
    expect(collector.env.find((e: any) => e.name === 'K8S_NODE_NAME').valueFrom.fieldRef.fieldPath).to.equal(
      'spec.nodeName',
    );
    // kubernetes_metadata reads pods and namespaces, nothing more.
    const role = find('ClusterRole', 'agora-fluentd-node');
    expect(role.rules).to.deep.equal([
      { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    ]);
    const binding = find('ClusterRoleBinding', 'agora-fluentd-node');
    expect(binding.subjects).to.deep.equal([
      { kind: 'ServiceAccount', name: pod.serviceAccountName, namespace: 'agora-logging' },
    ]);
  });

  it('lets no Fluentd write before the index template and the ILM policy exist: each waits for what the Job installs', () => {
    const script = find('Job', 'logging-bootstrap').spec.template.spec.containers[0].args[0];
    for (const workload of [fluentd, find('DaemonSet', 'fluentd-node')]) {
      const [wait, ...others] = workload.spec.template.spec.initContainers;
      expect(others, workload.metadata.name).to.deep.equal([]);
      for (const resource of ['_index_template/agora-logs', '_ilm/policy/agora-logs']) {
        expect(wait.args[0], workload.metadata.name).to.include(resource);
        expect(script).to.include(`-X PUT "$es/${resource}"`);
      }
      expect(wait.args[0]).to.match(/until .* do .*sleep \d+; done/);
      const password = wait.env.find((e: any) => e.name === 'ELASTICSEARCH_PASSWORD');
      expect(password.valueFrom.secretKeyRef).to.deep.equal({ name: 'agora-logs-es-elastic-user', key: 'elastic' });
    }
  });

  it('bootstraps Elasticsearch and Kibana from the same files as logging/', () => {
    const bootstrap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('logging-bootstrap-'))!;
    const sources = {
      'ilm-policy.json': 'logging/elasticsearch/ilm-policy.json',
      'index-template.json': 'logging/elasticsearch/index-template.json',
      'saved-objects.ndjson': 'logging/kibana/saved-objects.ndjson',
    };
    for (const [key, source] of Object.entries(sources))
      expect(bootstrap.data![key], key).to.equal(readFileSync(repoPath(source), 'utf8'));
    const script = find('Job', 'logging-bootstrap').spec.template.spec.containers[0].args[0];
    for (const call of ['_ilm/policy/agora-logs', '_index_template/agora-logs', 'api/saved_objects/_import'])
      expect(script).to.include(call);
  });
});
