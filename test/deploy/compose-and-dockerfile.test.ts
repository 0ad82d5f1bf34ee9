import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeProblems, dockerfileProblems } from './deploy-checks';

const ROOT = path.resolve(__dirname, '../..');

describe('docker-compose.yml', () => {
  const compose = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');

  it('should be valid against the Compose Specification', () => {
    expect(composeProblems(compose)).to.deep.equal([]);
  });

  it('should start each service only once its dependencies are healthy (or done), with a health check and a memory limit', () => {
    const { services } = require('yaml').parse(compose, { merge: true });
    for (const [name, service] of Object.entries<any>(services)) { // eslint-disable-line @typescript-eslint/no-explicit-any
      if (name !== 'topics') expect(service.healthcheck, `${name} health check`).to.have.property('test');
      expect(service.deploy?.resources?.limits?.memory, `${name} memory limit`).to.be.a('string');
      for (const [dependency, condition] of Object.entries<any>(service.depends_on ?? {})) { // eslint-disable-line @typescript-eslint/no-explicit-any
        const expected = dependency === 'topics' ? 'service_completed_successfully' : 'service_healthy';
        expect(condition.condition, `${name} → ${dependency}`).to.equal(expected);
      }
    }
  });

  it('should create the topics first and run two gateway replicas', () => {
    const { services } = require('yaml').parse(compose, { merge: true });
    expect(services.topics.command).to.deep.equal(['topics']);
    for (const name of ['routing', 'provider', 'gateway', 'gateway-2']) {
      expect(services[name].depends_on.topics, name).to.deep.equal({ condition: 'service_completed_successfully' });
    }
    expect(services.gateway.command).to.deep.equal(['gateway']);
    expect(services['gateway-2'].command).to.deep.equal(['gateway']);
    expect(services['gateway-2'].ports).to.deep.equal(['8081:8080']);
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

  it('should refuse a broken copy', () => {
    const broken = dockerfile.replace('USER node', 'USER root').replace('HEALTHCHECK', 'HEALTHCHEK').replace('FROM node:20-bookworm-slim AS build', 'FROM node AS build');
    expect(dockerfileProblems(broken)).to.include.members([
      'the runtime stage does not switch to a non-root USER',
      'the runtime stage has no HEALTHCHECK',
      'line 2: base image without a tag',
    ]);
  });
});
