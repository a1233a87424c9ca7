import { expect } from 'chai';
import {
  named,
  ofKind,
  overlays,
  processes,
  render,
  selectorMatches,
  workloads,
  type K8sObject,
} from './rendered-manifests.js';

function containersOf(workload: K8sObject): any[] {
  return workload.spec.template.spec.containers;
}

describe('deploy: workloads are probed, hardened and reachable', () => {
  for (const overlay of overlays) {
    describe(`overlay ${overlay}`, () => {
      const objects = () => render(overlay);

      it('puts the marketplace in namespace agora and its logging stack in agora-logging, both with sidecar injection on', () => {
        for (const name of ['agora', 'agora-logging'])
          expect(named(objects(), 'Namespace', name).metadata.labels?.['istio-injection'], name).to.equal('enabled');
        const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);
        const namespaced = objects().filter((o) => !clusterScoped.has(o.kind));
        const logging = (o: K8sObject) => o.metadata.labels?.['app.kubernetes.io/component'] === 'logging';
        for (const o of namespaced) {
          const expected = logging(o) || o.metadata.namespace === 'agora-logging' ? 'agora-logging' : 'agora';
          expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).to.equal(expected);
        }
        expect(namespaced.filter(logging).map((o) => o.kind)).to.include.members([
          'Deployment',
          'DaemonSet',
          'Elasticsearch',
          'Kibana',
          'Job',
        ]);
        const roles = objects().filter((o) => o.kind.startsWith('Cluster'));
        expect(roles.map((o) => `${o.kind}/${o.metadata.name}`).sort()).to.deep.equal([
          'ClusterRole/agora-fluentd-node',
          'ClusterRoleBinding/agora-fluentd-node',
        ]);
      });

      it('gives every workload a startup, readiness and liveness probe; processes probe /healthz and /readyz', () => {
        for (const workload of workloads(objects())) {
          for (const container of containersOf(workload)) {
            const where = `${workload.kind}/${workload.metadata.name}`;
            expect(container.startupProbe, where).to.be.an('object');
            expect(container.readinessProbe, where).to.be.an('object');
            expect(container.livenessProbe, where).to.be.an('object');
            if (workload.kind === 'Deployment' && (processes as readonly string[]).includes(workload.metadata.name)) {
              expect(container.readinessProbe.httpGet, where).to.deep.equal({ path: '/readyz', port: 'http' });
              expect(container.livenessProbe.httpGet, where).to.deep.equal({ path: '/healthz', port: 'http' });
            }
          }
        }
      });

      it('runs every container non-root, read-only, without privileges, with a writable /tmp', () => {
        for (const workload of workloads(objects())) {
          const pod = workload.spec.template.spec;
          const where = `${workload.kind}/${workload.metadata.name}`;
          expect(pod.securityContext.runAsNonRoot, where).to.equal(true);
          expect(pod.securityContext.runAsUser, where).to.be.greaterThan(0);
          expect(pod.securityContext.seccompProfile, where).to.deep.equal({ type: 'RuntimeDefault' });
          for (const container of pod.containers) {
            expect(container.securityContext, where).to.deep.include({
              runAsNonRoot: true,
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
              seccompProfile: { type: 'RuntimeDefault' },
            });
            const tmp = container.volumeMounts.find((m: any) => m.mountPath === '/tmp');
            expect(tmp, `${where} mounts /tmp`).to.be.an('object');
            expect(
              pod.volumes.find((v: any) => v.name === tmp.name)?.emptyDir,
              `${where} /tmp is an emptyDir`,
            ).to.be.an('object');
            expect(container.resources.requests, where).to.include.keys('cpu', 'memory');
            expect(container.resources.limits, where).to.have.property('memory');
          }
        }
      });

      it('labels pods with app and version (Kiali) and names every container port', () => {
        for (const workload of workloads(objects())) {
          const labels = workload.spec.template.metadata.labels;
          expect(labels, workload.metadata.name).to.include.keys('app', 'version');
          for (const container of containersOf(workload)) {
            for (const port of container.ports)
              expect(port.name, workload.metadata.name).to.be.a('string').and.not.be.empty;
          }
        }
      });

      it('backs every Service with a workload of matching labels and a named target port, and gives it a DestinationRule', () => {
        const destinationHosts = ofKind(objects(), 'DestinationRule').map((rule) => rule.spec.host);
        for (const service of ofKind(objects(), 'Service')) {
          const backing = workloads(objects()).filter((w) =>
            selectorMatches(service.spec.selector, w.spec.template.metadata.labels),
          );
          expect(backing, `workload behind Service ${service.metadata.name}`).to.have.length(1);
          const portNames = containersOf(backing[0]).flatMap((c) => c.ports.map((p: any) => p.name));
          for (const port of service.spec.ports) {
            // Istio picks the protocol by port name (<protocol>[-<suffix>]): http, http-internal, tcp-mysql.
            expect(port.name, service.metadata.name).to.match(/^(http(-[a-z]+)?|tcp-[a-z]+)$/);
            expect(portNames).to.include(port.targetPort);
          }
          expect(destinationHosts).to.include(
            `${service.metadata.name}.${service.metadata.namespace}.svc.cluster.local`,
          );
        }
      });

      it("gives each process its own ServiceAccount, an autoscaler on its container's CPU, a disruption budget and a MariaDB", () => {
        for (const name of processes) {
          const deployment = named(objects(), 'Deployment', name);
          expect(deployment.spec.template.spec.serviceAccountName).to.equal(name);
          named(objects(), 'ServiceAccount', name);
          const hpa = named(objects(), 'HorizontalPodAutoscaler', name);
          expect(hpa.apiVersion).to.equal('autoscaling/v2');
          expect(hpa.spec.scaleTargetRef).to.include({ kind: 'Deployment', name });
          // The app container's CPU alone: a Resource metric would average in the sidecar's.
          expect(hpa.spec.metrics).to.deep.equal([
            {
              type: 'ContainerResource',
              containerResource: {
                name: 'cpu',
                container: name,
                target: { type: 'Utilization', averageUtilization: 70 },
              },
            },
          ]);
          expect(deployment.spec.template.spec.containers.map((c: any) => c.name)).to.include(name);
          expect(hpa.spec.maxReplicas).to.be.greaterThan(hpa.spec.minReplicas);
          expect(named(objects(), 'PodDisruptionBudget', name).spec.selector.matchLabels).to.deep.equal({ app: name });
          const database = named(objects(), 'StatefulSet', `${name}-db`);
          expect(database.spec.serviceName).to.equal(`${name}-db`);
          expect(database.spec.volumeClaimTemplates[0].spec.accessModes).to.deep.equal(['ReadWriteOnce']);
          expect(named(objects(), 'Service', `${name}-db`).spec.clusterIP).to.equal('None');
        }
      });

      it('leaves the replica count of every autoscaled workload to its HorizontalPodAutoscaler', () => {
        const autoscaled = ofKind(objects(), 'HorizontalPodAutoscaler').map((hpa) =>
          named(objects(), hpa.spec.scaleTargetRef.kind, hpa.spec.scaleTargetRef.name),
        );
        expect(autoscaled.length).to.be.at.least(processes.length);
        for (const workload of autoscaled)
          expect(workload.spec, `${workload.kind}/${workload.metadata.name}`).to.not.have.property('replicas');
      });

      it('stops the sidecar only after the process drained: native sidecars, and a grace period longer than preStop + drain + proxy drain', () => {
        for (const name of processes) {
          const pod = named(objects(), 'Deployment', name).spec.template;
          expect(pod.metadata.annotations?.['sidecar.istio.io/nativeSidecar'], name).to.equal('true');
          expect(pod.metadata.annotations ?? {}, name).to.not.have.property('proxy.istio.io/config');
          const preStop = pod.spec.containers[0].lifecycle.preStop.exec.command;
          expect(preStop.slice(0, 1), name).to.deep.equal(['sleep']);
          // shutdownOnSignals' grace (10 s, @agora/koa-kit) and Istio's terminationDrainDuration (5 s).
          expect(pod.spec.terminationGracePeriodSeconds, name).to.be.greaterThan(Number(preStop[1]) + 10 + 5);
        }
      });

      it('takes passwords and keys from Secrets it does not define', () => {
        expect(ofKind(objects(), 'Secret')).to.deep.equal([]);
        for (const workload of workloads(objects())) {
          for (const container of containersOf(workload)) {
            for (const variable of container.env ?? []) {
              if (/PASSWORD|KEY|DATABASE_URL/.test(variable.name))
                expect(variable.valueFrom?.secretKeyRef, variable.name).to.be.an('object');
            }
          }
        }
      });
    });
  }

  it('runs one replica of each process in dev', () => {
    for (const name of processes)
      expect(named(render('dev'), 'HorizontalPodAutoscaler', name).spec.minReplicas).to.equal(1);
  });

  it('runs at least three replicas of each process in prod, spread over nodes and zones, with room to scale', () => {
    for (const name of processes) {
      const deployment = named(render('prod'), 'Deployment', name);
      const hpa = named(render('prod'), 'HorizontalPodAutoscaler', name);
      expect(hpa.spec.minReplicas).to.be.at.least(3);
      expect(hpa.spec.maxReplicas).to.be.greaterThan(
        named(render('dev'), 'HorizontalPodAutoscaler', name).spec.maxReplicas,
      );
      const spread = deployment.spec.template.spec.topologySpreadConstraints;
      expect(spread.map((c: any) => c.topologyKey)).to.have.members([
        'kubernetes.io/hostname',
        'topology.kubernetes.io/zone',
      ]);
      for (const constraint of spread) {
        expect(constraint.labelSelector.matchLabels).to.deep.equal({ app: name });
        // Tainted nodes the pod cannot use are not domains of the skew (else the hard rule leaves pods Pending).
        expect(constraint).to.include({ nodeTaintsPolicy: 'Honor', nodeAffinityPolicy: 'Honor' });
        expect(constraint.matchLabelKeys).to.deep.equal(['pod-template-hash']);
      }
    }
  });
});
