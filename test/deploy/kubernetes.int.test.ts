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
        'Deployment/routing', 'Deployment/provider', 'Deployment/notifications', 'HorizontalPodAutoscaler/gateway',
        'PodDisruptionBudget/gateway', 'Job/create-topics', 'ConfigMap/checkout-config',
      ]);
    });
  }

  it('should turn on the network policies in prod only', async () => {
    const policies = async (target: string) =>
      (await kubernetesProblems(render(path.join(ROOT, 'k8s', target)))).objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata?.name);
    expect(await policies('overlays/prod')).to.have.members(['deny-all', 'gateway', 'routing', 'provider', 'notifications', 'create-topics']);
    expect(await policies('overlays/dev')).to.deep.equal([]);
  });

  it('should let each service be scraped at /metrics and send traces to the collector', async () => {
    for (const target of ['overlays/dev', 'overlays/prod']) {
      const { objects } = await kubernetesProblems(render(path.join(ROOT, 'k8s', target)));
      const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === 'checkout-config') as unknown as { data: Record<string, string> };
      expect(config.data.OTEL_EXPORTER_OTLP_ENDPOINT, target).to.match(/^http:\/\/otel-collector\b.*:4318$/);
      expect(config.data.OTEL_RESOURCE_ATTRIBUTES, target).to.equal(`deployment.environment=${target.split('/')[1]}`);
      for (const name of ['gateway', 'routing', 'provider', 'notifications']) {
        const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata?.name === name) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
        const annotations = deployment.spec.template.metadata.annotations;
        expect(annotations, `${target} ${name}`).to.include({ 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/metrics' });
        const ports = deployment.spec.template.spec.containers[0].ports.map((p: { containerPort: number }) => String(p.containerPort));
        expect(ports, `${target} ${name} scrape port`).to.include(annotations['prometheus.io/port']);
      }
    }
    const { objects } = await kubernetesProblems(render(path.join(ROOT, 'k8s', 'overlays/prod')));
    for (const name of ['gateway', 'routing', 'provider', 'notifications']) {
      const policy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata?.name === name) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
      const egressPorts = policy.spec.egress.flatMap((rule: { ports?: { port: number }[] }) => (rule.ports ?? []).map((p) => p.port));
      expect(egressPorts, `${name} may reach the collector`).to.include(4318);
    }
  });

  it("should let the notifications service reach merchants on public addresses only, in the policy as in the code", async () => {
    const { objects } = await kubernetesProblems(render(path.join(ROOT, 'k8s', 'overlays/prod')));
    const policy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata?.name === 'notifications') as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const open = policy.spec.egress.filter((rule: { to?: unknown[] }) => rule.to);
    expect(open).to.have.length(1);
    expect(open[0].to[0].ipBlock.except).to.include.members(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16']);
    const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === 'checkout-config') as unknown as { data: Record<string, string> };
    expect(config.data.WEBHOOK_ALLOW_PRIVATE_NETWORKS).to.equal(undefined);
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
