import type { ContractValidator } from '@checkout/contracts';
import { sessionView, type SessionStore } from '@checkout/sessions';
import type { Caller } from '../auth/caller';
import { cursorItem, pageOf, validQuery, type Page } from '../merchant-api/pages';

/** GET /api/v1/sessions: the caller's sessions, newest first, filtered, a page at a time. */
export class ListSessions {
  constructor(
    private readonly sessions: SessionStore,
    private readonly validator: ContractValidator,
  ) {}

  async execute(caller: Caller, rawQuery: Record<string, unknown>): Promise<Page<ReturnType<typeof sessionView>>> {
    const query = validQuery(this.validator, 'sessions', rawQuery);
    const after = await cursorItem(query.startingAfter, (id) => this.sessions.findInScope(id, caller), 'session');
    const fetched = await this.sessions.list(caller, {
      limit: query.limit + 1,
      status: query.status,
      orderReference: query.orderReference,
      createdAfter: query.createdAfter ? new Date(query.createdAfter) : undefined,
      createdBefore: query.createdBefore ? new Date(query.createdBefore) : undefined,
      after,
    });
    return pageOf(fetched, query.limit, sessionView);
  }
}
