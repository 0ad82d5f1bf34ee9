import { ErrorCode, modeOfScope, type ContractValidator, ApiError } from '@checkout/contracts';
import {
  checkWebhookUrl,
  deliveryView,
  endpointIdFor,
  endpointView,
  newEndpointId,
  newSecret,
  rotatedSecrets,
  statusChange,
  type WebhookEndpointDocument,
  type WebhookEndpointStore,
  type DeliveryStore,
  type WebhookUrlPolicy,
} from '@checkout/webhooks';
import type { Caller } from '../auth/caller';
import { requestFingerprint } from '../idempotency/fingerprint';
import { checkIdempotencyKey, keyReused } from '../idempotency/idempotency-key';
import { cursorItem, pageOf, validQuery, type Page } from '../merchant-api/pages';
import { endpointNotFound, ownedEndpoint } from './owned-endpoint';

type EndpointView = ReturnType<typeof endpointView>;

/** /api/v1/webhook-endpoints: a merchant's endpoints, their secrets and their deliveries; another application's are not found. */
export class ManageWebhookEndpoints {
  constructor(
    private readonly endpoints: WebhookEndpointStore,
    private readonly deliveries: DeliveryStore,
    private readonly validator: ContractValidator,
    private readonly settings: { urlPolicy: WebhookUrlPolicy; maxEndpointsPerApplication: number },
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * The endpoint with its secret, shown this once; with an Idempotency-Key, every retry of the same
   * request gets that same endpoint (its id derives from the key), and a retry with another body a 422.
   * An application has at most `maxEndpointsPerApplication` endpoints (a 409 past it).
   */
  async create(caller: Caller, body: unknown, idempotencyKey?: string): Promise<EndpointView> {
    const validation = this.validator.createWebhookEndpointRequest(body);
    if (!validation.ok) throw new ApiError(ErrorCode.ValidationFailed, 'The request body is invalid; see errors.', { errors: validation.errors });
    const request = validation.value;
    const verdict = checkWebhookUrl(request.url, this.settings.urlPolicy);
    if (!verdict.ok) throw new ApiError(ErrorCode.InsecureWebhookUrl, `The webhook URL ${verdict.detail}.`, { errors: [{ pointer: '/url', detail: verdict.detail }] });
    const fingerprint = idempotencyKey === undefined ? undefined : requestFingerprint(request);
    const id = idempotencyKey === undefined ? newEndpointId() : endpointIdFor(caller, checkIdempotencyKey(idempotencyKey, 'a unique value per endpoint you create, reused only to retry'));
    if (fingerprint) {
      const created = await this.endpoints.findEndpoint(id, caller);
      if (created) return this.replay(created, fingerprint);
    }
    const existing = await this.endpoints.endpointsOf(caller);
    if (existing.length >= this.settings.maxEndpointsPerApplication) throw this.limitReached(caller, existing.length);
    const now = this.now();
    const secret = newSecret(now);
    const endpoint: WebhookEndpointDocument = {
      _id: id,
      applicationId: caller.applicationId,
      livemode: caller.livemode,
      url: request.url,
      enabledEvents: [...request.enabledEvents],
      description: request.description ?? null,
      status: 'enabled',
      secrets: [secret],
      failingSince: null,
      disabledReason: null,
      ...(fingerprint ? { requestFingerprint: fingerprint } : {}),
      createdAt: now,
      updatedAt: now,
    };
    if (await this.endpoints.insertEndpoint(endpoint)) {
      await this.keepWithinLimit(caller, endpoint);
      return endpointView(endpoint, secret);
    }
    // A concurrent retry with the same key created it first.
    const created = await this.endpoints.findEndpoint(id, caller);
    if (!created || !fingerprint) throw new Error(`endpoint ${id} exists but cannot be read`);
    return this.replay(created, fingerprint);
  }

  /**
   * Creations racing past the check above (each saw room for one more) are settled after the insert:
   * one that then sees the scope over the limit removes itself and answers 409. Whichever insert came
   * last sees every earlier one, so the limit is never exceeded; in a close race several may each see
   * the others and all step back (a retry then finds the room). No transaction needed.
   */
  private async keepWithinLimit(caller: Caller, endpoint: WebhookEndpointDocument): Promise<void> {
    if ((await this.endpoints.endpointsOf(caller)).length <= this.settings.maxEndpointsPerApplication) return;
    await this.endpoints.deleteEndpoint(endpoint._id, caller);
    throw this.limitReached(caller, this.settings.maxEndpointsPerApplication);
  }

  private limitReached(caller: Caller, count: number): ApiError {
    return new ApiError(
      ErrorCode.WebhookEndpointLimitReached,
      `This application has ${count} ${modeOfScope(caller.livemode)}-mode webhook endpoints, the most it may have in one mode; delete one before creating another.`,
    );
  }

  /** The endpoint a retry of the same keyed request created, answered as the first time (its secret included); another body is a 422. */
  private replay(created: WebhookEndpointDocument, fingerprint: string): EndpointView {
    if (created.requestFingerprint !== fingerprint) {
      throw keyReused('to create a webhook endpoint');
    }
    return endpointView(created, created.secrets.at(-1));
  }

  async list(caller: Caller, rawQuery: Record<string, unknown>): Promise<Page<EndpointView>> {
    const query = validQuery(this.validator, 'page', rawQuery);
    const after = await cursorItem(query.startingAfter, (id) => this.endpoints.findEndpoint(id, caller), 'webhook endpoint');
    const fetched = await this.endpoints.listEndpoints(caller, { limit: query.limit + 1, after });
    return pageOf(fetched, query.limit, (endpoint) => endpointView(endpoint));
  }

  async get(caller: Caller, endpointId: string): Promise<EndpointView> {
    return endpointView(await ownedEndpoint(this.endpoints, caller, endpointId));
  }

  /** Deletes it; deliveries still pending for it are abandoned when their turn comes. */
  async delete(caller: Caller, endpointId: string): Promise<void> {
    if (!(await this.endpoints.deleteEndpoint(endpointId, caller))) throw endpointNotFound(endpointId);
  }

  /**
   * URL (checked as at creation), subscribed events, description, or status: `enabled` re-enables an
   * endpoint disabled after failing, its failure record started afresh (deliveries already given up
   * stay so: catch up from GET /api/v1/events); `disabled` stops deliveries to it.
   */
  async update(caller: Caller, endpointId: string, body: unknown): Promise<EndpointView> {
    const validation = this.validator.updateWebhookEndpointRequest(body);
    if (!validation.ok) throw new ApiError(ErrorCode.ValidationFailed, 'The request body is invalid; see errors.', { errors: validation.errors });
    const request = validation.value;
    if (request.url !== undefined) {
      const verdict = checkWebhookUrl(request.url, this.settings.urlPolicy);
      if (!verdict.ok) throw new ApiError(ErrorCode.InsecureWebhookUrl, `The webhook URL ${verdict.detail}.`, { errors: [{ pointer: '/url', detail: verdict.detail }] });
    }
    await ownedEndpoint(this.endpoints, caller, endpointId);
    const updated = await this.endpoints.updateEndpoint(endpointId, {
      ...(request.url !== undefined ? { url: request.url } : {}),
      ...(request.enabledEvents !== undefined ? { enabledEvents: [...request.enabledEvents] } : {}),
      ...(request.description !== undefined ? { description: request.description } : {}),
      ...(request.status !== undefined ? statusChange(request.status) : {}),
    });
    if (!updated) throw endpointNotFound(endpointId);
    return endpointView(updated);
  }

  /** A new secret, shown this once; the old one keeps signing beside it for 24 hours. */
  async rotateSecret(caller: Caller, endpointId: string): Promise<EndpointView> {
    const endpoint = await ownedEndpoint(this.endpoints, caller, endpointId);
    const { secrets, current } = rotatedSecrets(endpoint, this.now());
    await this.endpoints.setSecrets(endpoint._id, secrets);
    return endpointView({ ...endpoint, secrets }, current);
  }

  async deliveriesOf(caller: Caller, endpointId: string, rawQuery: Record<string, unknown>): Promise<Page<ReturnType<typeof deliveryView>>> {
    const endpoint = await ownedEndpoint(this.endpoints, caller, endpointId);
    const query = validQuery(this.validator, 'page', rawQuery);
    const ofThisEndpoint = async (id: string) => {
      const delivery = await this.deliveries.findDelivery(id);
      return delivery?.endpointId === endpoint._id ? delivery : null;
    };
    const after = await cursorItem(query.startingAfter, ofThisEndpoint, 'delivery', 'deliveries');
    const fetched = await this.deliveries.listDeliveries(endpoint._id, { limit: query.limit + 1, after });
    return pageOf(fetched, query.limit, ({ delivery, attempts }) => deliveryView(delivery, attempts));
  }

}
