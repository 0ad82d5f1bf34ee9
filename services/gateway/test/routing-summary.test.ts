import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { RoutingRow, SessionDocument } from '@checkout/sessions';
import { summarizeRouting } from '../src/routing/routing-summary';
import { startInMemoryGateway } from './in-memory-gateway';

const hour = (h: number, minute = 0) => new Date(Date.UTC(2026, 0, 15, h, minute));

function row(account: string, provider: string, createdAt: Date, status: SessionDocument['status'], options: { latencyMs?: number; score?: number; failedFirst?: string } = {}): RoutingRow {
  return {
    _id: randomUUID(),
    status,
    createdAt,
    provider: { name: provider, reference: 'ref', accountId: account },
    routing: { selectedProvider: provider, score: options.score ?? 50, rejected: [], candidates: [{ provider, account, score: options.score ?? 50, factors: [], rankedBy: 'score', timeoutMs: 1000 }] },
    attempts: [
      ...(options.failedFirst ? [{ provider: 'stripe', account: options.failedFirst, outcome: 'failed' as const, latencyMs: 900, at: createdAt.toISOString() }] : []),
      { provider, account, outcome: 'succeeded', latencyMs: options.latencyMs ?? 100, at: createdAt.toISOString() },
    ],
  };
}

describe('routing summary', () => {
  it('should give each account its sessions, share, success rate of closed sessions, median latency, average score and failovers, and hourly buckets', () => {
    const rows = [
      row('pa_au', 'stripe', hour(10, 5), 'COMPLETED', { latencyMs: 100, score: 80 }),
      row('pa_au', 'stripe', hour(10, 20), 'FAILED', { latencyMs: 300, score: 70 }),
      row('pa_au', 'stripe', hour(11, 0), 'PENDING', { latencyMs: 200, score: 90 }),
      row('pa_ad', 'adyen', hour(11, 30), 'COMPLETED', { latencyMs: 400, score: 60, failedFirst: 'pa_au' }),
      { ...row('x', 'sandbox', hour(11, 40), 'FAILED'), provider: null, routing: null, attempts: [] },
    ];
    const summary = summarizeRouting(rows, { from: hour(10), to: hour(12) }, { livemode: true, truncated: false });
    expect(summary).to.deep.include({ sessions: 5, routed: 4, bucket: 'hour', truncated: false });
    expect(summary.accounts).to.deep.equal([
      { account: 'pa_au', provider: 'stripe', sessions: 3, share: 0.75, completed: 1, closed: 2, successRate: 0.5, medianCreateLatencyMs: 200, averageScore: 80, failovers: 0 },
      { account: 'pa_ad', provider: 'adyen', sessions: 1, share: 0.25, completed: 1, closed: 1, successRate: 1, medianCreateLatencyMs: 400, averageScore: 60, failovers: 1 },
    ]);
    expect(summary.buckets).to.deep.equal([
      { start: '2026-01-15T10:00:00.000Z', accounts: [{ account: 'pa_au', sessions: 2, completed: 1 }, { account: 'pa_ad', sessions: 0, completed: 0 }] },
      { start: '2026-01-15T11:00:00.000Z', accounts: [{ account: 'pa_au', sessions: 1, completed: 0 }, { account: 'pa_ad', sessions: 1, completed: 1 }] },
    ]);
  });

  it('should bucket by the day past two days, and name sessions from before accounts by their platform provider', () => {
    const old = { ...row('x', 'sandbox', hour(3), 'COMPLETED'), provider: { name: 'sandbox', reference: 'r' } };
    old.attempts = [{ provider: 'sandbox', outcome: 'succeeded', latencyMs: 5, at: hour(3).toISOString() }];
    old.routing = { selectedProvider: 'sandbox', score: 40, rejected: [], candidates: [{ provider: 'sandbox', score: 40, factors: [], rankedBy: 'score', timeoutMs: 1 }] };
    const summary = summarizeRouting([old], { from: new Date('2026-01-10T00:00:00Z'), to: new Date('2026-01-17T00:00:00Z') }, { livemode: false, truncated: false });
    expect(summary.bucket).to.equal('day');
    expect(summary.buckets).to.have.length(7);
    expect(summary.accounts[0]).to.include({ account: 'platform:sandbox', medianCreateLatencyMs: 5, averageScore: 40, successRate: 1 });
  });

  describe('GET /api/v1/routing/summary', () => {
    let gateway: Awaited<ReturnType<typeof startInMemoryGateway>>;
    before(async () => {
      gateway = await startInMemoryGateway();
    });
    after(() => gateway.stop());
    const get = (query: string, as: string | { applicationId: string; livemode: boolean } = 'app-summary') => gateway.call(as, ['sessions:read'], 'GET', `/api/v1/routing/summary${query}`);

    it("should summarise the caller's own sessions of its mode, and refuse a range it cannot afford", async () => {
      const base: Omit<SessionDocument, keyof RoutingRow | 'applicationId' | 'idempotencyKeyHash'> = { requestFingerprint: '', orderReference: 'o', paymentMethod: 'card', currency: 'AUD', locale: null, amount: { totalMinor: 1, shippingMinor: 0, taxMinor: 0 }, orderItems: [], customer: null, shipping: null, additionalInformation: {}, redirectUrls: { success: 'https://x', failure: 'https://x' }, checkoutUrl: 'https://x', failure: null, payment: null, expiredAt: null, updatedAt: hour(10), expiresAt: hour(11) };
      for (const [applicationId, livemode] of [['app-summary', false], ['app-summary', true], ['someone-else', false]] as const) {
        const session = row('pa_1', 'stripe', hour(10, 30), 'COMPLETED');
        await gateway.sessions.insert({ ...base, ...session, applicationId, livemode, idempotencyKeyHash: randomUUID() });
      }
      const summary = await get(`?from=${hour(10).toISOString()}&to=${hour(12).toISOString()}`);
      expect(summary.status).to.equal(200);
      expect(summary.body).to.include({ sessions: 1, routed: 1, livemode: false, bucket: 'hour' });
      expect(summary.body!.accounts[0]).to.include({ account: 'pa_1', sessions: 1, successRate: 1 });
      const defaults = await get('');
      expect(new Date(defaults.body!.to).getTime() - new Date(defaults.body!.from).getTime(), 'seven days to now by default').to.equal(7 * 86_400_000);
      const long = await get('?from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z');
      expect(long.status).to.equal(400);
      expect(long.body).to.include({ code: 'invalid_query' });
      expect(long.body!.errors[0]).to.deep.equal({ pointer: '/from', detail: 'must be at most 90 days before to' });
      expect((await get('?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z')).body!.errors[0].pointer).to.equal('/from');
      expect((await get('?from=soon')).body!.errors[0].pointer).to.equal('/from');
      expect((await gateway.call('app-summary', ['webhooks:read'], 'GET', '/api/v1/routing/summary')).status).to.equal(403);
    });
  });
});
