import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
const RULES = path.join(ROOT, 'observability/prometheus');

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** GitHub's anchor of a Markdown heading. */
const anchorOf = (heading: string) => heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');

describe('alerts as code (observability/prometheus/alerts.yml)', function () {
  this.timeout(120_000);
  const rules = (YAML.parse(readFileSync(path.join(RULES, 'alerts.yml'), 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((group) => group.rules);
  // promtool from Debian's prometheus package, installed by the test script (scripts/promtool.sh prints its path).
  const promtool = () => execFileSync('bash', [path.join(ROOT, 'scripts/promtool.sh')], { encoding: 'utf8' }).trim();

  it('should be valid rules whose promtool tests all pass', () => {
    const tool = promtool();
    expect(execFileSync(tool, ['check', 'rules', 'alerts.yml'], { cwd: RULES, encoding: 'utf8' })).to.contain(`SUCCESS: ${rules.length} rules found`);
    expect(execFileSync(tool, ['test', 'rules', 'alerts.test.yml'], { cwd: RULES, encoding: 'utf8' })).to.contain('SUCCESS');
  });

  it('should give every alert a duration, a severity and a runbook that exists in docs/operations.md', () => {
    const anchors = new Set(readFileSync(path.join(ROOT, 'docs/operations.md'), 'utf8').split('\n').filter((line) => line.startsWith('#')).map((line) => anchorOf(line.replace(/^#+/, ''))));
    expect(rules.length).to.be.at.least(8);
    for (const rule of rules) {
      expect(rule.for, rule.alert).to.match(/^\d+[smh]$/);
      expect(['page', 'warning'], rule.alert).to.include(rule.labels?.severity);
      const runbook = rule.annotations?.runbook_url ?? '';
      expect(runbook, rule.alert).to.match(/^docs\/operations\.md#/);
      expect(anchors.has(runbook.split('#')[1]!), `${rule.alert}: ${runbook}`).to.equal(true);
    }
  });

  it('should test every alert both firing and not firing', () => {
    const tests = (YAML.parse(readFileSync(path.join(RULES, 'alerts.test.yml'), 'utf8')) as { tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[] }).tests.flatMap((test) => test.alert_rule_test);
    for (const { alert } of rules) {
      const checks = tests.filter((check) => check.alertname === alert);
      expect(checks.some((check) => check.exp_alerts.length > 0), `${alert} fires somewhere`).to.equal(true);
      expect(checks.some((check) => check.exp_alerts.length === 0), `${alert} stays quiet somewhere`).to.equal(true);
    }
  });

  it('should ship the same rules as a PrometheusRule (k8s/components/alerts), and load them in compose', () => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/alert-rules.mjs'), '--check']);
    const shipped = YAML.parse(readFileSync(path.join(ROOT, 'k8s/components/alerts/prometheus-rule.yaml'), 'utf8'));
    expect(shipped).to.deep.include({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule' });
    expect(shipped.spec.groups.flatMap((group: { rules: Rule[] }) => group.rules)).to.deep.equal(rules);
    const prometheus = YAML.parse(readFileSync(path.join(RULES, 'prometheus.yml'), 'utf8'));
    expect(prometheus.rule_files).to.deep.equal(['/etc/prometheus/alerts.yml']);
    const compose = YAML.parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'));
    expect(compose.services.prometheus.volumes).to.include('./observability/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro');
  });
});
