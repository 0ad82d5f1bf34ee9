import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { redisStatement } from '@checkout/telemetry/sdk';
import { pushMetricReaders } from '../src/metric-readers';

describe('redisStatement', () => {
  it('should name the command and key but never a value or a script argument', () => {
    expect(redisStatement('set', ['idem:abc', '{"response":{"status":201}}', 'PX', 86400000])).to.equal('set idem:abc');
    expect(redisStatement('evalsha', ['d2c1', 1, 'idem:abc', '{"state":"processing"}'])).to.equal('evalsha');
    expect(redisStatement('ping', [])).to.equal('ping');
  });
});

describe('pushMetricReaders', () => {
  it('should push OTLP by default, as the OpenTelemetry specification says', () => {
    const readers = pushMetricReaders({});
    expect(readers).to.have.length(1);
    expect(readers[0]).to.be.instanceOf(PeriodicExportingMetricReader);
  });

  it('should push nothing for none, or for prometheus alone (served at /metrics anyway)', () => {
    expect(pushMetricReaders({ OTEL_METRICS_EXPORTER: 'none' })).to.deep.equal([]);
    expect(pushMetricReaders({ OTEL_METRICS_EXPORTER: 'prometheus' })).to.deep.equal([]);
  });

  it('should refuse an exporter or protocol it does not know, naming the variable', () => {
    expect(() => pushMetricReaders({ OTEL_METRICS_EXPORTER: 'statsd' })).to.throw(/OTEL_METRICS_EXPORTER.*statsd/);
    expect(() => pushMetricReaders({ OTEL_EXPORTER_OTLP_PROTOCOL: 'carrier-pigeon' })).to.throw(/OTEL_EXPORTER_OTLP_METRICS_PROTOCOL.*carrier-pigeon/);
  });
});

describe('startTelemetry with OTEL_SDK_DISABLED=true', () => {
  // In a process of its own: the instrumentations patch modules process-wide.
  const httpPatchedAfterStart = (env: Record<string, string>) => {
    const script = [
      "const { startTelemetry } = require('@checkout/telemetry/sdk');",
      "const telemetry = startTelemetry({ serviceName: 'off-test', serviceDirectory: '.', exportByDefault: false, env: process.env });",
      "const http = require('node:http');",
      'process.stdout.write(String(http.request.__wrapped === true));',
      'telemetry.shutdown().then(() => process.exit(0));',
    ].join('\n');
    return execFileSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  };

  it('should construct no instrumentation at all (nothing is patched), while an enabled SDK patches http', () => {
    expect(httpPatchedAfterStart({ OTEL_SDK_DISABLED: 'true' })).to.equal('false');
    expect(httpPatchedAfterStart({ OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' })).to.equal('true');
  });
});
