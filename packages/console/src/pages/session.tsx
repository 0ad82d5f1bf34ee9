import type { Session } from '@checkout/client';
import { useApi } from '../api';
import { Id, Loading, PageHeader, Problem, Status } from '../components';
import { dateTime, milliseconds, money } from '../format';
import { useAction, useLoad } from '../load';
import { hrefOf } from '../route';

type Candidate = NonNullable<Session['routing']>['candidates'][number];

const FACTOR_LABELS: Record<string, string> = { successRate: 'Success rate', latency: 'Latency', cost: 'Cost', health: 'Health', preference: 'Preference' };
const RANKED_BY: Record<string, string> = { score: 'ranked by its score', split: "chosen by the merchant's volume split", probe: 'a probe of a provider that was lagging', demoted: 'demoted: its circuit was open' };

/** One session: what it is, what happened to it and when, and why its provider won. */
export function SessionPage({ id }: { id: string }) {
  const api = useApi();
  const session = useLoad(() => api.sessions.retrieve(id), [id]);
  const expire = useAction();
  const value = session.data;
  return (
    <section>
      <p class="breadcrumb">
        <a href={hrefOf('sessions')}>Sessions</a> /
      </p>
      <Problem text={session.error} />
      <Loading when={session.loading && !value} />
      {value ? (
        <>
          <PageHeader title={`Order ${value.orderReference}`}>
            <Status value={value.status} />
            <button class="secondary" onClick={session.reload} aria-busy={session.loading}>
              Refresh
            </button>
            {value.status === 'PENDING' ? (
              <button class="secondary" disabled={expire.busy} onClick={() => expire.run(() => api.sessions.expire(value.sessionId)).then(session.reload)}>
                Expire now
              </button>
            ) : null}
          </PageHeader>
          <Problem text={expire.error} />
          <Summary session={value} />
          <div class="grid-2">
            <article>
              <h2>Timeline</h2>
              <Timeline session={value} />
            </article>
            <article>
              <h2>Provider attempts</h2>
              <Attempts session={value} />
            </article>
          </div>
          <article>
            <h2>Why this route</h2>
            <RoutingExplanation session={value} />
          </article>
        </>
      ) : null}
    </section>
  );
}

function Summary({ session }: { session: Session }) {
  return (
    <dl class="facts">
      <div>
        <dt>Amount</dt>
        <dd>{money(session.amount.total, session.currency)}</dd>
      </div>
      <div>
        <dt>Payment method</dt>
        <dd>{session.paymentMethod}</dd>
      </div>
      <div>
        <dt>Session</dt>
        <dd>
          <Id value={session.sessionId} />
        </dd>
      </div>
      <div>
        <dt>Provider</dt>
        <dd>{session.provider ? `${session.provider.name} · ${session.provider.accountId ?? 'platform account'}` : '—'}</dd>
      </div>
      <div>
        <dt>Checkout</dt>
        <dd>
          {session.checkoutUrl && session.status === 'PENDING' ? (
            <a href={session.checkoutUrl} target="_blank" rel="noopener noreferrer">
              Open the provider's checkout
            </a>
          ) : (
            '—'
          )}
        </dd>
      </div>
      <div>
        <dt>Expires</dt>
        <dd>{dateTime(session.expiresAt)}</dd>
      </div>
    </dl>
  );
}

function Timeline({ session }: { session: Session }) {
  const steps: { at: string | null; title: string; detail?: string; tone: string }[] = [{ at: session.createdAt, title: 'Created', detail: `${session.orderItems.length} item(s)`, tone: 'info' }];
  for (const attempt of session.attempts) {
    steps.push({
      at: attempt.at,
      title: attempt.outcome === 'succeeded' ? `Checkout opened at ${attempt.provider}` : `${attempt.provider} failed`,
      detail: `${attempt.account ?? 'platform account'} · ${milliseconds(attempt.latencyMs)}${attempt.errorCode ? ` · ${attempt.errorCode}` : ''}`,
      tone: attempt.outcome === 'succeeded' ? 'good' : 'bad',
    });
  }
  if (session.expiredAt) steps.push({ at: session.expiredAt, title: 'Expired', tone: 'muted' });
  if (session.payment) steps.push({ at: session.payment.completedAt, title: session.payment.late ? 'Paid after expiring' : 'Paid', detail: session.payment.reference ?? undefined, tone: 'good' });
  if (session.status === 'FAILED' && session.failure) steps.push({ at: session.updatedAt, title: `Failed: ${session.failure.code}`, detail: session.failure.detail, tone: 'bad' });
  if (session.customerErasedAt) steps.push({ at: session.customerErasedAt, title: 'Customer data erased', tone: 'muted' });
  // By time; steps of the same instant keep the order they happen in (created, then attempts).
  steps.sort((a, b) => Date.parse(a.at ?? '') - Date.parse(b.at ?? ''));
  return (
    <ol class="timeline">
      {steps.map((step) => (
        <li class={`tone-${step.tone}`}>
          <strong>{step.title}</strong>
          <time dateTime={step.at ?? undefined}>{dateTime(step.at)}</time>
          {step.detail ? <small>{step.detail}</small> : null}
        </li>
      ))}
    </ol>
  );
}

function Attempts({ session }: { session: Session }) {
  if (session.attempts.length === 0) return <p class="empty">No provider was called.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Provider</th>
          <th scope="col">Outcome</th>
          <th scope="col">Latency</th>
        </tr>
      </thead>
      <tbody>
        {session.attempts.map((attempt) => (
          <tr>
            <td>
              {attempt.provider}
              <br />
              <small>{attempt.account ?? 'platform account'}</small>
            </td>
            <td>
              <Status value={attempt.outcome === 'succeeded' ? 'COMPLETED' : 'FAILED'} /> {attempt.errorCode ?? ''}
            </td>
            <td class="number">{milliseconds(attempt.latencyMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Each candidate's score drawn as its factors' contributions, the winner first; each rejected provider with its reasons. */
function RoutingExplanation({ session }: { session: Session }) {
  const routing = session.routing;
  if (!routing) return <p class="empty">Not routed yet.</p>;
  const opened = session.provider?.accountId;
  const full = Math.max(100, ...routing.candidates.map((candidate) => candidate.factors.reduce((sum, factor) => sum + factor.weight, 0)));
  return (
    <div class="routing">
      <ul class="legend" aria-label="Score factors">
        {Object.entries(FACTOR_LABELS).map(([factor, label]) => (
          <li>
            <span class={`swatch factor-${factor}`} aria-hidden="true" />
            {label}
          </li>
        ))}
      </ul>
      {routing.candidates.length === 0 ? <p class="empty">No provider was eligible.</p> : null}
      {routing.candidates.map((candidate, index) => (
        <CandidateBar candidate={candidate} rank={index + 1} won={candidate.account !== undefined ? candidate.account === opened : candidate.provider === session.provider?.name} full={full} />
      ))}
      {routing.rejected.length > 0 ? (
        <>
          <h3>Not eligible</h3>
          <ul class="rejected">
            {routing.rejected.map((rejected) => (
              <li>
                <strong>
                  {rejected.provider}
                  {rejected.account ? ` · ${rejected.account}` : ''}
                </strong>
                : {rejected.reasons.join('; ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

function CandidateBar({ candidate, rank, won, full }: { candidate: Candidate; rank: number; won: boolean; full: number }) {
  let offset = 0;
  const description = candidate.factors.map((factor) => `${FACTOR_LABELS[factor.factor] ?? factor.factor} ${factor.contribution} (weight ${factor.weight} × ${factor.value})`).join(', ');
  return (
    <figure class={`candidate${won ? ' won' : ''}`}>
      <figcaption>
        <span class="rank">#{rank}</span> <strong>{candidate.provider}</strong> <small>{candidate.account ?? 'platform account'}</small>
        <span class="score">score {candidate.score}</span>
        {won ? <span class="status status-good">opened the checkout</span> : null}
        <small class="ranked-by">{RANKED_BY[candidate.rankedBy] ?? candidate.rankedBy}</small>
      </figcaption>
      <svg class="bar" viewBox={`0 0 ${full} 6`} preserveAspectRatio="none" role="img" aria-label={`Score ${candidate.score}: ${description}`}>
        <rect class="track" x="0" y="0" width={full} height="6" />
        {candidate.factors.map((factor) => {
          const rect = <rect class={`factor-${factor.factor}`} x={offset} y="0" width={factor.contribution} height="6" />;
          offset += factor.contribution;
          return rect;
        })}
      </svg>
      <table class="factors">
        <tbody>
          <tr>
            {candidate.factors.map((factor) => (
              <td>
                <span class={`swatch factor-${factor.factor}`} aria-hidden="true" />
                {FACTOR_LABELS[factor.factor] ?? factor.factor} <strong>{factor.contribution}</strong>
                <small>
                  {' '}
                  = {factor.weight} × {factor.value}
                </small>
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </figure>
  );
}
