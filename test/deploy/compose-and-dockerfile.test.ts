import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeProblems, dockerfileProblems } from './deploy-checks';

const ROOT = path.resolve(__dirname, '../..');

/** Telemetry backends shipped without a shell or HTTP client: nothing to health-check them with. */
const DISTROLESS = ['otel-collector', 'jaeger'];

describe('docker-compose.yml', () => {
  const compose = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');

  it('should be valid against the Compose Specification', () => {
    expect(composeProblems(compose)).to.deep.equal([]);
  });

  it('should start each service only once its dependencies are healthy (or done), with a health check and a memory limit', () => {
    const { services } = require('yaml').parse(compose, { merge: true });
    for (const [name, service] of Object.entries<any>(services)) { // eslint-disable-line @typescript-eslint/no-explicit-any
      if (!['topics', ...DISTROLESS].includes(name)) expect(service.healthcheck, `${name} health check`).to.have.property('test');
      expect(service.deploy?.resources?.limits?.memory, `${name} memory limit`).to.be.a('string');
      for (const [dependency, condition] of Object.entries<any>(service.depends_on ?? {})) { // eslint-disable-line @typescript-eslint/no-explicit-any
        const expected = dependency === 'topics' ? 'service_completed_successfully' : DISTROLESS.includes(dependency) ? 'service_started' : 'service_healthy';
        expect(condition.condition, `${name} → ${dependency}`).to.equal(expected);
      }
    }
  });

  it('should create the topics first and run two gateway replicas', () => {
    const { services } = require('yaml').parse(compose, { merge: true });
    expect(services.topics.command).to.deep.equal(['topics']);
    expect(services.notifications.command).to.deep.equal(['notifications']);
    for (const name of ['routing', 'provider', 'notifications', 'gateway', 'gateway-2']) {
      expect(services[name].depends_on.topics, name).to.deep.equal({ condition: 'service_completed_successfully' });
    }
    expect(services.gateway.command).to.deep.equal(['gateway']);
    expect(services['gateway-2'].command).to.deep.equal(['gateway']);
    expect(services['gateway-2'].ports).to.deep.equal(['8081:8080']);
  });

  it('should send every service\'s traces to the collector, the collector\'s to Jaeger, and let Prometheus scrape them all', () => {
    const { services } = require('yaml').parse(compose, { merge: true });
    for (const name of ['routing', 'provider', 'notifications', 'gateway', 'gateway-2']) {
      expect(services[name].environment.OTEL_EXPORTER_OTLP_ENDPOINT, name).to.equal('http://otel-collector:4318');
    }
    const collector = require('yaml').parse(readFileSync(path.join(ROOT, 'observability/otel-collector.yaml'), 'utf8'));
    expect(collector.receivers.otlp.protocols.http.endpoint).to.equal('0.0.0.0:4318');
    const pipeline = collector.service.pipelines.traces;
    for (const component of [...pipeline.receivers, ...pipeline.processors, ...pipeline.exporters]) {
      expect({ ...collector.receivers, ...collector.processors, ...collector.exporters }, `${component} defined`).to.have.property(component);
    }
    expect(collector.exporters[pipeline.exporters[0]].endpoint).to.equal('jaeger:4317');
    expect(pipeline.processors).to.include('redaction');

    const prometheus = require('yaml').parse(readFileSync(path.join(ROOT, 'observability/prometheus/prometheus.yml'), 'utf8'));
    const targets = prometheus.scrape_configs.flatMap((job: { static_configs: { targets: string[] }[] }) => job.static_configs.flatMap((c) => c.targets));
    const expected = ['gateway', 'gateway-2', 'routing', 'provider', 'notifications'].map((name) => {
      const env = services[name].environment;
      return `${name}:${env.PORT ?? env.HEALTH_PORT}`;
    });
    expect(targets).to.have.members(expected);
    const mounted = (service: string) => services[service].volumes.map((volume: string) => volume.split(':')[0]);
    expect(mounted('grafana')).to.include.members(['./observability/grafana/provisioning', './observability/grafana/dashboards']);
    expect(mounted('otel-collector')).to.include('./observability/otel-collector.yaml');
    // The collector the test suite runs the configuration in (scripts/otelcol.sh) is the image's version.
    const goMod = readFileSync(path.join(ROOT, 'scripts/tools/otelcol/go.mod'), 'utf8');
    const tested = /opentelemetry-collector-contrib\/processor\/redactionprocessor v(\S+)/.exec(goMod)?.[1];
    expect(services['otel-collector'].image).to.equal(`otel/opentelemetry-collector-contrib:${tested}`);
  });

  it('should refuse a broken copy', () => {
    const broken = compose.replace('condition: service_healthy', 'condition: service_happy').replace('"8080:8080"', '{ bad: port }');
    const problems = composeProblems(broken);
    expect(problems.join('\n')).to.contain('/depends_on');
    expect(problems.join('\n')).to.contain('/ports');
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

  it('should parse as a multi-stage build that runs as non-root with a health check', () => {
    expect(dockerfileProblems(dockerfile)).to.deep.equal([]);
  });

  it('should build and ship every shared package and service the services load', () => {
    const workspaces = (require(path.join(ROOT, 'package.json')) as { workspaces: string[] }).workspaces;
    // npm ci needs every workspace's manifest; the image ships what the four services load, not the
    // embedded mode or the merchants' client.
    for (const workspace of workspaces) expect(dockerfile, `${workspace} installed`).to.contain(`COPY ${workspace}/package.json ${workspace}/`);
    for (const workspace of workspaces.filter((w) => !['services/embedded', 'packages/client'].includes(w))) {
      expect(dockerfile, `${workspace} shipped`).to.contain(`/app/${workspace}/dist ${workspace}/dist`);
    }
  });

  it('should refuse a broken copy', () => {
    const broken = dockerfile.replace('USER node', 'USER root').replace('HEALTHCHECK', 'HEALTHCHEK').replace('FROM node:24-bookworm-slim AS build', 'FROM node AS build');
    expect(dockerfileProblems(broken)).to.include.members([
      'the runtime stage does not switch to a non-root USER',
      'the runtime stage has no HEALTHCHECK',
      'line 2: base image without a tag',
    ]);
  });
});
