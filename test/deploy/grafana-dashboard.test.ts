import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

const ROOT = path.resolve(__dirname, '../..');

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { uid: string };
  targets?: { expr: string; datasource: { uid: string } }[];
}

describe('the Grafana dashboard (observability/grafana)', () => {
  const dashboard = JSON.parse(readFileSync(path.join(ROOT, 'observability/grafana/dashboards/checkout.json'), 'utf8')) as {
    uid: string;
    panels: Panel[];
    templating: { list: { name: string; current: { value: string }; allValue: string }[] };
  };
  const datasources = YAML.parse(readFileSync(path.join(ROOT, 'observability/grafana/provisioning/datasources/datasources.yaml'), 'utf8')) as {
    datasources: { uid: string; type: string; url: string }[];
  };

  it('should query only the provisioned Prometheus data source', () => {
    const prometheus = datasources.datasources.find((source) => source.type === 'prometheus');
    expect(prometheus?.url).to.equal('http://prometheus:9090');
    const queries = dashboard.panels.flatMap((panel) => panel.targets ?? []);
    expect(queries.length).to.be.greaterThan(10);
    for (const query of queries) expect(query.datasource.uid, query.expr).to.equal(prometheus?.uid);
  });

  it('should lay its panels out on the 24-column grid without overlaps, each with a unique id', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).to.equal(ids.length);
    const cells = new Map<string, string>();
    for (const { title, gridPos } of dashboard.panels) {
      expect(gridPos.x + gridPos.w, title).to.be.at.most(24);
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x += 1) {
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y += 1) {
          expect(cells.get(`${x},${y}`), `${title} overlaps`).to.equal(undefined);
          cells.set(`${x},${y}`, title);
        }
      }
    }
  });

  it('should cover every signal an SRE needs from the services', () => {
    const exprs = dashboard.panels.flatMap((panel) => panel.targets ?? []).map((target) => target.expr).join('\n');
    for (const metric of [
      'http_server_request_duration_count',
      'http_server_request_duration_bucket',
      'checkout_sessions_total',
      'checkout_routing_score_bucket',
      'checkout_provider_call_duration_bucket',
      'checkout_provider_call_errors_total',
      'checkout_provider_circuit_open',
      'checkout_idempotency_decisions_total',
      'checkout_kafka_consumer_lag',
      'checkout_webhook_attempts_total',
      'checkout_webhook_attempt_duration_bucket',
      'checkout_idempotency_takeovers_total',
      'checkout_session_announcements_relayed_total',
    ]) {
      expect(exprs, metric).to.contain(metric);
    }
  });

  it("should show live traffic by default, test traffic on asking, on every panel of a metric that says its mode", () => {
    const mode = dashboard.templating.list.find((variable) => variable.name === 'mode');
    expect(mode?.current.value).to.equal('live');
    expect(mode?.allValue).to.equal('.*');
    const modeLabelled = ['checkout_sessions_total', 'checkout_routing_decisions_total', 'checkout_routing_score_bucket', 'checkout_session_status_changes_total', 'checkout_provider_call_duration_bucket', 'checkout_provider_call_errors_total', 'checkout_idempotency_decisions_total'];
    for (const expr of dashboard.panels.flatMap((panel) => panel.targets ?? []).map((target) => target.expr)) {
      for (const metric of modeLabelled) if (expr.includes(metric)) expect(expr, metric).to.include(`${metric}{checkout_mode=~"$mode"}`);
    }
  });
});
