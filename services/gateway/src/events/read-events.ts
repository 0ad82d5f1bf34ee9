import { ErrorCode, type ContractValidator, ApiError } from '@checkout/contracts';
import { merchantEventView, type MerchantEventStore } from '@checkout/webhooks';
import type { Caller } from '../auth/caller';
import { cursorItem, pageOf, validQuery, type Page } from '../merchant-api/pages';

type EventView = ReturnType<typeof merchantEventView>;

/** GET /api/v1/events and /api/v1/events/{id}: what a merchant reconciles its endpoint's misses with. */
export class ReadEvents {
  constructor(
    private readonly events: MerchantEventStore,
    private readonly validator: ContractValidator,
  ) {}

  async list(caller: Caller, rawQuery: Record<string, unknown>): Promise<Page<EventView>> {
    const query = validQuery(this.validator, 'events', rawQuery);
    const after = await cursorItem(query.startingAfter, (id) => this.events.findEvent(id, caller), 'event');
    const fetched = await this.events.listEvents(caller, { limit: query.limit + 1, type: query.type, after });
    return pageOf(fetched, query.limit, merchantEventView);
  }

  async get(caller: Caller, eventId: string): Promise<EventView> {
    const event = await this.events.findEvent(eventId, caller);
    if (!event) throw eventNotFound(eventId);
    return merchantEventView(event);
  }
}

export function eventNotFound(eventId: string): ApiError {
  return new ApiError(ErrorCode.EventNotFound, `No event ${eventId} exists for this application.`);
}
