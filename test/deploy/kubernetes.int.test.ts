import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { infrastructureProblems, keyringProblems, loadConfig, type ConfigSpec } from '@checkout/platform';
import { gatewaySettings, unsafeGatewaySettings } from '../../services/gateway/src/config';
import { notificationsSettings, unsafeNotificationsSettings } from '../../services/notifications/src/config';
import { providerSettings, unsafeProviderSettings } from '../../services/provider/src/config';
import { routingSettings } from '../../services/routing/src/config';
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

  describe('the prod overlay, as a platform team applies it', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let objects: any[];
    const of = (kind: string, name?: string) => objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
    const containerOf = (name: string) => of('Deployment', name)[0].spec.template.spec.containers[0];
    const secrets: Record<string, string> = {
      'mongo-url': 'mongodb://checkout:pw@mongo-0.mongo:27017/?tls=true',
      'redis-url': 'rediss://:pw@redis:6380',
      'kafka-sasl-username': 'checkout',
      'kafka-sasl-password': 'pw',
      'jwt-jwks-url': 'https://issuer.example/.well-known/jwks.json',
      'stripe-secret-key': 'sk_live_x',
      'stripe-webhook-secret': 'whsec_x',
      'adyen-api-key': 'AQEx',
      'adyen-merchant-account': 'MerchantLive',
      'adyen-hmac-key': '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056',
      'adyen-checkout-url': 'https://1797a841fbb37ca7-AdyenDemo-checkout-live.adyenpayments.com/checkout/v72',
    };
    /** A service's environment as its pod gets it: the ConfigMap, its own variables, the Secrets filled in. */
    const environmentOf = (name: string): Record<string, string> => {
      const env: Record<string, string> = { ...(of('ConfigMap', 'checkout-config')[0].data as Record<string, string>), NODE_ENV: 'production' };
      for (const entry of containerOf(name).env as { name: string; value?: string; valueFrom?: { secretKeyRef: { key: string } } }[]) {
        const value = entry.value ?? secrets[entry.valueFrom!.secretKeyRef.key];
        if (value !== undefined) env[entry.name] = value;
      }
      return env;
    };
    const envOf = (name: string) => new Map<string, any>(containerOf(name).env.map((e: { name: string }) => [e.name, e])); // eslint-disable-line @typescript-eslint/no-explicit-any

    before(async () => {
      ({ objects } = await kubernetesProblems(render(path.join(ROOT, 'k8s', 'overlays/prod'))));
    });

    it('should give every Deployment start-up, readiness and liveness probes, limits, an HPA and a PDB', () => {
      const deployments = of('Deployment').map((d) => d.metadata.name);
      expect(deployments).to.have.members(['gateway', 'routing', 'provider', 'notifications']);
      for (const name of deployments) {
        const container = containerOf(name);
        for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) expect(container[probe], `${name} ${probe}`).to.have.property('httpGet');
        expect(container.resources.limits, `${name} limits`).to.include.keys('cpu', 'memory');
        const hpa = of('HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.name === name);
        expect(hpa, `${name} HPA`).to.not.equal(undefined);
        expect(hpa.spec.minReplicas, `${name} HPA minimum`).to.be.at.least(2);
        expect(of('PodDisruptionBudget').some((p) => p.spec.selector.matchLabels.app === name), `${name} PDB`).to.equal(true);
      }
    });

    it("should size each grace period to the service's drain, with a preStop pause where a Service sends traffic", () => {
      for (const name of ['gateway', 'provider']) {
        const pause = Number(containerOf(name).lifecycle.preStop.exec.command[1]);
        expect(pause, name).to.be.at.least(5);
        // The pause, then the 15 s the service gives itself to drain (GracefulShutdown), then a margin.
        expect(of('Deployment', name)[0].spec.template.spec.terminationGracePeriodSeconds, name).to.be.at.least(pause + 15 + 5);
      }
      for (const name of ['routing', 'notifications']) expect(of('Deployment', name)[0].spec.template.spec.terminationGracePeriodSeconds, name).to.be.at.least(15 + 5);
    });

    it('should take real payments: Stripe and Adyen with every credential from a Secret, and no sandbox', () => {
      const config = of('ConfigMap', 'checkout-config')[0].data as Record<string, string>;
      expect(config.PROVIDERS).to.equal('stripe,adyen');
      const env = envOf('provider');
      for (const variable of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'ADYEN_API_KEY', 'ADYEN_MERCHANT_ACCOUNT', 'ADYEN_HMAC_KEY', 'ADYEN_CHECKOUT_URL']) {
        expect(env.get(variable)?.valueFrom?.secretKeyRef?.name, variable).to.equal('checkout-provider-credentials');
      }
      expect(env.has('SANDBOX_WEBHOOK_SECRET')).to.equal(false);
    });

    it('should seal secrets at rest in production: the keyring from its Secret, mounted read-only in the services that seal or open them, and routing without it', () => {
      for (const name of ['gateway', 'provider', 'notifications']) {
        const file = envOf(name).get('CHECKOUT_SECRETS_KEYRING_FILE')?.value as string;
        expect(file, name).to.equal('/etc/checkout/keyring/keyring');
        const mount = containerOf(name).volumeMounts.find((m: { name: string }) => m.name === 'keyring');
        expect(mount, name).to.include({ mountPath: path.dirname(file), readOnly: true });
        const volume = of('Deployment', name)[0].spec.template.spec.volumes.find((v: { name: string }) => v.name === 'keyring');
        expect(volume.secret.secretName, name).to.equal('checkout-secrets-keyring');
      }
      expect(envOf('routing').has('CHECKOUT_SECRETS_KEYRING_FILE')).to.equal(false);
      // Without the file, production would not start: the keyring is required there.
      expect(keyringProblems({ nodeEnv: 'production', secretsKeyring: '', secretsKeyringFile: '' })).to.have.length(1);
    });

    it('should keep every credential out of the ConfigMap: connection strings and Kafka SASL come from Secrets', () => {
      const config = of('ConfigMap', 'checkout-config')[0].data as Record<string, string>;
      for (const [key, value] of Object.entries(config)) {
        expect(key, 'a credential variable in the ConfigMap').not.to.match(/PASSWORD|SECRET|_KEY$|MONGO_URL|REDIS_URL|TOKEN/);
        expect(value, `${key}: credentials in a URL`).not.to.match(/:\/\/[^/@\s]+:[^/@\s]+@/);
      }
      expect(config).to.include({ KAFKA_TLS: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512' });
      const uses: Record<string, string[]> = { gateway: ['MONGO_URL', 'REDIS_URL'], provider: ['MONGO_URL'], routing: ['MONGO_URL', 'REDIS_URL'], notifications: ['MONGO_URL'] };
      for (const [name, variables] of Object.entries(uses)) {
        const env = envOf(name);
        for (const variable of [...variables, 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD']) expect(env.get(variable)?.valueFrom?.secretKeyRef?.name, `${name} ${variable}`).to.equal('checkout-connections');
      }
    });

    it('should expose exactly the public paths through the Ingress, over TLS', () => {
      const [ingress] = of('Ingress');
      expect(ingress.spec.ingressClassName).to.be.a('string');
      expect(ingress.spec.tls[0].secretName).to.equal('checkout-tls');
      const routes = ingress.spec.rules.flatMap((rule: any) => rule.http.paths.map((p: any) => `${p.pathType} ${p.path} -> ${p.backend.service.name}`)); // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(routes).to.have.members(['Prefix /api/v1 -> gateway', 'Exact /openapi.json -> gateway', 'Prefix /docs -> gateway', 'Prefix /problems -> gateway', 'Prefix /console -> gateway', 'Prefix /return/adyen -> provider', 'Prefix /webhooks/stripe -> provider', 'Prefix /webhooks/adyen -> provider']);
      expect(routes.join('\n')).not.to.match(/metrics|livez|readyz|sandbox/);
    });

    it('should start every service: its environment, with the Secrets filled in, passes its own validation', () => {
      const specs = { gateway: [gatewaySettings, unsafeGatewaySettings], routing: [routingSettings, () => []], provider: [providerSettings, unsafeProviderSettings], notifications: [notificationsSettings, unsafeNotificationsSettings] } as const;
      for (const [name, [settings, unsafe]] of Object.entries(specs)) {
        const env = environmentOf(name);
        for (const entry of containerOf(name).env as { name: string; value?: string; valueFrom?: { secretKeyRef: { key: string; optional?: boolean } } }[]) {
          if (entry.value === undefined && secrets[entry.valueFrom!.secretKeyRef.key] === undefined) expect(entry.valueFrom?.secretKeyRef.optional, `${name}: ${entry.name} has no value and is not optional`).to.equal(true);
        }
        const loaded = loadConfig(settings as ConfigSpec, env) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
        expect([...infrastructureProblems(loaded), ...(unsafe as (c: unknown) => string[])(loaded)], name).to.deep.equal([]);
      }
    });

    it('should let each service reach exactly what its configuration names: the stores, the collector, and on public addresses its token issuer, providers or merchants', () => {
      type Rule = { ports?: { port: number; endPort?: number; protocol?: string }[]; to?: { ipBlock?: { cidr: string; except?: string[] } }[] };
      const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'];
      /** Whether a rule lets this through: its port, and for a public destination an ipBlock that keeps our own network out (or no `to` at all). */
      const allows = (rule: Rule, port: number, destination: 'cluster' | 'public') => {
        const portOk = !rule.ports || rule.ports.some((p) => port >= p.port && port <= (p.endPort ?? p.port));
        if (!portOk) return false;
        if (!rule.to) return destination === 'cluster';
        return destination === 'public' && rule.to.some((to) => to.ipBlock?.cidr === '0.0.0.0/0' && PRIVATE.every((range) => to.ipBlock!.except?.includes(range)));
      };
      const portOf = (address: string, fallback: number) => {
        const url = new URL(address.includes('://') ? address : `tcp://${address}`);
        return Number(url.port || fallback);
      };
      const dependencies = (name: string): { what: string; port: number; destination: 'cluster' | 'public' }[] => {
        const env = environmentOf(name);
        const needs: { what: string; port: number; destination: 'cluster' | 'public' }[] = [{ what: 'DNS', port: 53, destination: 'cluster' }];
        for (const broker of env.KAFKA_BROKERS!.split(',')) needs.push({ what: `Kafka ${broker}`, port: portOf(broker, 9092), destination: 'cluster' });
        needs.push({ what: 'the collector', port: portOf(env.OTEL_EXPORTER_OTLP_ENDPOINT!, 4318), destination: 'cluster' });
        if (env.MONGO_URL) for (const host of new URL(env.MONGO_URL).host.split(',')) needs.push({ what: `MongoDB ${host}`, port: portOf(host, 27017), destination: 'cluster' });
        if (env.REDIS_URL) needs.push({ what: 'Redis', port: portOf(env.REDIS_URL, 6379), destination: 'cluster' });
        if (env.JWT_JWKS_URL) needs.push({ what: 'the token issuer (JWKS)', port: portOf(env.JWT_JWKS_URL, 443), destination: 'public' });
        // The provider service creates checkouts; the gateway checks merchants' credentials when they are saved.
        if (name === 'provider' || name === 'gateway') {
          needs.push({ what: 'Stripe', port: portOf(env.STRIPE_API_URL ?? 'https://api.stripe.com', 443), destination: 'public' });
          needs.push({ what: 'Adyen', port: portOf(env.ADYEN_CHECKOUT_URL ?? env.ADYEN_TEST_CHECKOUT_URL ?? 'https://checkout-test.adyen.com/v72', 443), destination: 'public' });
        }
        if (name === 'notifications') needs.push({ what: "merchants' webhook endpoints", port: 443, destination: 'public' });
        return needs;
      };
      for (const name of ['gateway', 'routing', 'provider', 'notifications']) {
        const rules = of('NetworkPolicy', name)[0].spec.egress as Rule[];
        for (const need of dependencies(name)) expect(rules.some((rule) => allows(rule, need.port, need.destination)), `${name} → ${need.what} (${need.port})`).to.equal(true);
        // Nothing public beyond HTTPS: a rule open to the internet carries port 443 only.
        for (const rule of rules.filter((r) => r.to?.some((to) => to.ipBlock))) expect(rule.ports?.map((p) => p.port), `${name}: public egress`).to.deep.equal([443]);
      }
      expect(dependencies('gateway').map((need) => need.what)).to.include.members(['the token issuer (JWKS)', 'Stripe', 'Adyen']);
      expect(dependencies('routing').map((need) => need.what).join()).to.include('MongoDB');
    });

    it("should let only the Ingress controller reach the public ports, and only monitoring the others' metrics", () => {
      const sources = (name: string) =>
        of('NetworkPolicy', name)[0].spec.ingress.map((rule: any) => rule.from?.map((f: any) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ?? 'anything').join(',') ?? 'anywhere'); // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(sources('gateway')).to.have.members(['ingress-nginx', 'monitoring']);
      expect(sources('provider')).to.have.members(['ingress-nginx', 'monitoring']);
      expect(sources('routing')).to.deep.equal(['monitoring']);
      expect(sources('notifications')).to.deep.equal(['monitoring']);
    });
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
