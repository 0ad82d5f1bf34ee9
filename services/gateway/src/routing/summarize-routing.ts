import { ApiError, ErrorCode, ROUTING_SUMMARY_MAX_RANGE_DAYS, ROUTING_SUMMARY_MAX_SESSIONS, type ContractValidator, type RoutingSummary } from '@checkout/contracts';
import type { SessionStore } from '@checkout/sessions';
import type { Caller } from '../auth/caller';
import { validQuery } from '../merchant-api/pages';
import { summarizeRouting } from './routing-summary';

const DAY_MS = 86_400_000;
const DEFAULT_RANGE_DAYS = 7;

/**
 * GET /api/v1/routing/summary: the scope's sessions of a time range (7 days to now by default), read
 * with only their routing fields, at most ROUTING_SUMMARY_MAX_SESSIONS of them (the newest; the answer
 * says when it was cut) over at most ROUTING_SUMMARY_MAX_RANGE_DAYS: one bounded query per call.
 */
export class SummarizeRouting {
  constructor(
    private readonly sessions: SessionStore,
    private readonly validator: ContractValidator,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async execute(caller: Caller, rawQuery: Record<string, unknown>): Promise<RoutingSummary> {
    const query = validQuery(this.validator, 'routingSummary', rawQuery);
    const to = query.to ? new Date(query.to) : this.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
    if (from >= to) throw new ApiError(ErrorCode.InvalidQuery, 'The range is empty: from must be before to.', { errors: [{ pointer: '/from', detail: 'must be before to' }] });
    if (to.getTime() - from.getTime() > ROUTING_SUMMARY_MAX_RANGE_DAYS * DAY_MS) {
      throw new ApiError(ErrorCode.InvalidQuery, `A summary covers at most ${ROUTING_SUMMARY_MAX_RANGE_DAYS} days.`, { errors: [{ pointer: '/from', detail: `must be at most ${ROUTING_SUMMARY_MAX_RANGE_DAYS} days before to` }] });
    }
    const rows = await this.sessions.routingRows(caller, { from, to }, ROUTING_SUMMARY_MAX_SESSIONS + 1);
    const truncated = rows.length > ROUTING_SUMMARY_MAX_SESSIONS;
    return summarizeRouting(truncated ? rows.slice(0, ROUTING_SUMMARY_MAX_SESSIONS) : rows, { from, to }, { livemode: caller.livemode, truncated });
  }
}
