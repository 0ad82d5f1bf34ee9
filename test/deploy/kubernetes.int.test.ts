import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kubernetesProblems } from './deploy-checks';

const ROOT = path.resolve(__dirname, '../..');

describe('k8s/ rendered by kustomize and validated against the Kubernetes schemas', function () {
  this.timeout(600_000);
  let kustomize: string;
  const render = (dir: string) => execFileSync(kustomize, ['build', dir], { encoding: 'utf8' });

  before(() => {
    kustomize = execFileSync('bash', [path.join(ROOT, 'scripts/kustomize.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  });

  for (const target of ['base', 'overlays/dev', 'overlays/prod']) {
    it(`should render ${target} into valid, hardened objects`, async () => {
      const { problems, objects } = await kubernetesProblems(render(path.join(ROOT, 'k8s', target)));
      expect(problems).to.deep.equal([]);
      const kinds = objects.map((o) => `${o.kind}/${o.metadata?.name}`);
      expect(kinds).to.include.members([
        'Deployment/gateway', 'Service/gateway', 'ServiceAccount/gateway',
        'Deployment/routing', 'Deployment/provider', 'HorizontalPodAutoscaler/gateway',
        'PodDisruptionBudget/gateway', 'Job/create-topics', 'ConfigMap/checkout-config',
      ]);
    });
  }

  it('should turn on the network policies in prod only', async () => {
    const policies = async (target: string) =>
      (await kubernetesProblems(render(path.join(ROOT, 'k8s', target)))).objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata?.name);
    expect(await policies('overlays/prod')).to.have.members(['deny-all', 'gateway', 'routing', 'provider', 'create-topics']);
    expect(await policies('overlays/dev')).to.deep.equal([]);
  });

  it('should refuse a broken copy', async () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'k8s-broken-'));
    cpSync(path.join(ROOT, 'k8s'), copy, { recursive: true });
    const gateway = path.join(copy, 'base', 'gateway.yaml');
    writeFileSync(gateway, readFileSync(gateway, 'utf8').replace('containerPort: 8080', 'containerPort: eighty').replace('readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false'));
    const { problems } = await kubernetesProblems(render(path.join(copy, 'overlays', 'prod')));
    expect(problems.some((p) => p.startsWith('Deployment/gateway: ') && p.includes('containerPort'))).to.equal(true);
    expect(problems).to.include('Deployment/gateway container server: root filesystem is writable');
  });
});
