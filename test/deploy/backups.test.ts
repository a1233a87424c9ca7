import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import {
  named,
  ofKind,
  overlays,
  processes,
  render,
  repoRoot,
  selectorMatches,
  workloads,
} from './rendered-manifests.js';
import { isAllowed } from './authorization.js';
import { secretsCreatedByScript } from './process-config.js';

const principal = (account: string) => `cluster.local/ns/agora/sa/${account}`;
const script = (name: string) => readFileSync(path.join(repoRoot, 'manifests/base/backups', name), 'utf8');

describe('deploy: every database has a disruption budget and a nightly backup', () => {
  for (const overlay of overlays) {
    describe(`overlay ${overlay}`, () => {
      const objects = () => render(overlay);
      const backupPod = (process: string) =>
        named(objects(), 'CronJob', `${process}-db-backup`).spec.jobTemplate.spec.template;

      it('gives each MariaDB StatefulSet a budget that blocks voluntary evictions of its one ready pod', () => {
        for (const process of processes) {
          const database = named(objects(), 'StatefulSet', `${process}-db`);
          const budgets = ofKind(objects(), 'PodDisruptionBudget').filter((b) =>
            selectorMatches(b.spec.selector.matchLabels, database.spec.template.metadata.labels),
          );
          expect(
            budgets.map((b) => b.metadata.name),
            process,
          ).to.deep.equal([`${process}-db`]);
          expect(budgets[0].spec.minAvailable).to.equal(database.spec.replicas);
          expect(budgets[0].spec.unhealthyPodEvictionPolicy).to.equal('AlwaysAllow');
        }
      });

      it("runs the repository's backup script verbatim, from a generated ConfigMap, against the process's own database", () => {
        const generated = ofKind(objects(), 'ConfigMap').filter((c) =>
          c.metadata.name.startsWith('db-backup-scripts-'),
        );
        expect(generated).to.have.length(1);
        expect(generated[0].data!['backup-database.sh']).to.equal(script('backup-database.sh'));
        expect(generated[0].data!['restore-database.sh']).to.equal(script('restore-database.sh'));
        for (const process of processes) {
          const cronJob = named(objects(), 'CronJob', `${process}-db-backup`);
          expect(cronJob.spec.concurrencyPolicy).to.equal('Forbid');
          expect(cronJob.spec.schedule).to.match(/^\d+ \d+ \* \* \*$/);
          const pod = backupPod(process);
          const [container] = pod.spec.containers;
          expect(container.command).to.deep.equal(['bash', '/opt/agora/backup-database.sh']);
          const scripts = pod.spec.volumes.find((v: any) => v.configMap)!;
          expect(scripts.configMap.name).to.equal(generated[0].metadata.name);
          expect(container.volumeMounts).to.deep.include({
            name: scripts.name,
            mountPath: '/opt/agora',
            readOnly: true,
          });
          const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
          expect(env).to.include({
            DB_HOST: `${process}-db.agora.svc.cluster.local`,
            DB_NAME: process,
            DB_USER: process,
            BACKUP_DIR: '/backups',
          });
          expect(Number(env.BACKUP_KEEP)).to.be.greaterThan(0);
          expect(env.DB_PASSWORD).to.deep.equal({ secretKeyRef: { name: `${process}-db`, key: 'MARIADB_PASSWORD' } });
          expect(secretsCreatedByScript().has(`${process}-db/MARIADB_PASSWORD`)).to.equal(true);
          // The dumps land on the job's own claim, mounted where BACKUP_DIR points.
          const backups = pod.spec.volumes.find((v: any) => v.persistentVolumeClaim)!;
          expect(
            named(objects(), 'PersistentVolumeClaim', backups.persistentVolumeClaim.claimName).spec.accessModes,
          ).to.deep.equal(['ReadWriteOnce']);
          expect(container.volumeMounts).to.deep.include({ name: backups.name, mountPath: '/backups' });
          // Same image as the server: the dump tool matches the server's version.
          expect(container.image).to.equal(
            named(objects(), 'StatefulSet', `${process}-db`).spec.template.spec.containers[0].image,
          );
        }
      });

      it('runs the backup jobs hardened, and with a native sidecar so a finished dump ends the Job', () => {
        for (const process of processes) {
          const pod = backupPod(process);
          expect(pod.metadata.annotations['sidecar.istio.io/nativeSidecar']).to.equal('true');
          expect(pod.spec.restartPolicy).to.equal('Never');
          expect(pod.spec.automountServiceAccountToken).to.equal(false);
          expect(pod.spec.containers[0].securityContext).to.include({
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
          });
          expect(named(objects(), 'ServiceAccount', pod.spec.serviceAccountName).metadata.name).to.equal(
            `${process}-db-backup`,
          );
        }
      });

      it('lets each backup job reach its own database and nothing else in the mesh', () => {
        const policies = ofKind(objects(), 'AuthorizationPolicy');
        for (const process of processes) {
          const from = principal(`${process}-db-backup`);
          for (const target of workloads(objects())) {
            const allowed = isAllowed(policies, {
              principal: from,
              namespace: target.metadata.namespace ?? 'agora',
              workloadLabels: target.spec.template.metadata.labels,
              port: 3306,
            });
            expect(allowed, `${process}-db-backup → ${target.metadata.name}`).to.equal(
              target.metadata.name === `${process}-db`,
            );
          }
          const sidecar = named(objects(), 'Sidecar', `${process}-db-backup`);
          expect(sidecar.spec.workloadSelector.labels).to.deep.equal({ app: backupPod(process).metadata.labels.app });
          expect(backupPod(process).metadata.labels.app).to.equal(`${process}-db-backup`);
          expect(sidecar.spec.egress.flatMap((e: any) => e.hosts).sort()).to.deep.equal([
            `./${process}-db.agora.svc.cluster.local`,
            'istio-system/*',
          ]);
        }
      });
    });
  }

  it('takes a consistent snapshot without locks and keeps only the newest dumps', () => {
    const backup = script('backup-database.sh');
    expect(backup).to.match(/mariadb-dump [^\n]*\\\n\s+--single-transaction/);
    expect(backup).to.include('BACKUP_KEEP');
    expect(script('restore-database.sh')).to.include('sha256sum --check');
  });
});
