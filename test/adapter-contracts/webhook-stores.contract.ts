import { expect } from 'chai';
import { armDelivery, attemptId, deliveryId, merchantEventId, newEndpointId, newReplayId, newSecret, type DeliveryDocument, type ReplayDocument, type MerchantEventDocument, type WebhookEndpointDocument, type WebhookStores } from '@checkout/webhooks';
import { uniqueName } from '../support/infra';

const at = (second: number) => new Date(Date.UTC(2024, 0, 15, 11, 0, second));

export function endpointDocument(overrides: Partial<WebhookEndpointDocument> = {}): WebhookEndpointDocument {
  return {
    _id: newEndpointId(),
    applicationId: uniqueName('app'),
    url: 'https://merchant.example/hooks',
    enabledEvents: ['*'],
    description: null,
    status: 'enabled',
    secrets: [newSecret(at(0))],
    failingSince: null,
    disabledReason: null,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

function eventDocument(applicationId: string, sessionId: string, createdAt: Date, type: MerchantEventDocument['type'] = 'checkout.session.expired'): MerchantEventDocument {
  return { _id: merchantEventId(sessionId, type), applicationId, type, sessionId, data: { object: { sessionId, status: 'EXPIRED' } }, createdAt };
}

function deliveryDocument(event: MerchantEventDocument, endpointId: string, overrides: Partial<DeliveryDocument> = {}): DeliveryDocument {
  return {
    _id: deliveryId(event._id, endpointId),
    applicationId: event.applicationId,
    endpointId,
    eventId: event._id,
    eventType: event.type,
    status: 'pending',
    attemptCount: 0,
    nextAttemptAt: at(10),
    createdAt: event.createdAt,
    updatedAt: event.createdAt,
    ...overrides,
  };
}

/** The behaviour every WebhookStores adapter must have; `others` gives stores on separate connections, to race against. */
export function webhookStoresContract(name: string, setup: () => Promise<WebhookStores>, teardown: () => Promise<void> = async () => undefined, others: () => Promise<WebhookStores[]> = async () => []): void {
  describe(`${name} (WebhookStores contract)`, function () {
    this.timeout(20_000);
    let stores: WebhookStores;
    beforeEach(async () => {
      stores = await setup();
    });
    afterEach(teardown);

    it("should keep endpoints to their application, list them newest first, and delete them", async () => {
      const applicationId = uniqueName('app');
      const live = { applicationId, livemode: true };
      const other = { applicationId: uniqueName('other'), livemode: true };
      const endpoints = [1, 2, 3].map((second) => endpointDocument({ applicationId, createdAt: at(second) }));
      for (const endpoint of endpoints) await stores.insertEndpoint(endpoint);
      const first = endpoints[0]!;
      expect((await stores.findEndpoint(first._id, live))?.url).to.equal(first.url);
      expect(await stores.findEndpoint(first._id, other)).to.equal(null);
      const page = await stores.listEndpoints(live, { limit: 2 });
      expect(page.map((endpoint) => endpoint._id)).to.deep.equal([endpoints[2]!._id, endpoints[1]!._id]);
      expect((await stores.listEndpoints(live, { limit: 2, after: page[1] })).map((endpoint) => endpoint._id)).to.deep.equal([first._id]);
      expect(await stores.endpointsOf(live)).to.have.length(3);
      expect(await stores.deleteEndpoint(first._id, other)).to.equal(false);
      expect(await stores.deleteEndpoint(first._id, live)).to.equal(true);
      expect(await stores.deleteEndpoint(first._id, live)).to.equal(false);
      expect(await stores.findEndpoint(first._id)).to.equal(null);
    });

    it('should replace secrets, and disable an endpoint only once it has failed for the configured time', async () => {
      const endpoint = endpointDocument();
      await stores.insertEndpoint(endpoint);
      const secrets = [...endpoint.secrets, newSecret(at(5))];
      await stores.setSecrets(endpoint._id, secrets);
      expect((await stores.findEndpoint(endpoint._id))?.secrets.map((secret) => secret.value)).to.deep.equal(secrets.map((secret) => secret.value));

      const disableAfterMs = 10_000;
      await stores.recordEndpointOutcome(endpoint._id, { delivered: false, at: at(10), disableAfterMs });
      expect(await stores.findEndpoint(endpoint._id)).to.deep.include({ status: 'enabled', failingSince: at(10) });
      await stores.recordEndpointOutcome(endpoint._id, { delivered: true, at: at(15), disableAfterMs });
      expect((await stores.findEndpoint(endpoint._id))?.failingSince).to.equal(null);
      await stores.recordEndpointOutcome(endpoint._id, { delivered: false, at: at(20), disableAfterMs });
      expect(await stores.recordEndpointOutcome(endpoint._id, { delivered: false, at: at(29), disableAfterMs })).to.deep.equal({ disabledNow: false });
      expect((await stores.findEndpoint(endpoint._id))?.status).to.equal('enabled');
      expect(await stores.recordEndpointOutcome(endpoint._id, { delivered: false, at: at(30), disableAfterMs })).to.deep.equal({ disabledNow: true });
      expect(await stores.recordEndpointOutcome(endpoint._id, { delivered: false, at: at(31), disableAfterMs }), 'disabled already').to.deep.equal({ disabledNow: false });
      const disabled = (await stores.findEndpoint(endpoint._id))!;
      expect(disabled.status).to.equal('disabled');
      expect(disabled.disabledReason).to.contain('every delivery failed');
    });

    it("should update an endpoint's URL, events, description and status, keeping its secrets", async () => {
      const endpoint = endpointDocument({ status: 'disabled', failingSince: new Date('2024-01-10T00:00:00Z'), disabledReason: 'every delivery failed' });
      await stores.insertEndpoint(endpoint);
      const updated = await stores.updateEndpoint(endpoint._id, { url: 'https://m.example/v2', enabledEvents: ['*'], description: null, status: 'enabled', failingSince: null, disabledReason: null });
      expect(updated).to.deep.include({ url: 'https://m.example/v2', enabledEvents: ['*'], description: null, status: 'enabled', failingSince: null, disabledReason: null });
      expect(updated!.secrets.map((secret) => secret.value)).to.deep.equal(endpoint.secrets.map((secret) => secret.value));
      expect((await stores.findEndpoint(endpoint._id))!.url).to.equal('https://m.example/v2');
      expect(await stores.updateEndpoint(newEndpointId(), { description: 'x' })).to.equal(null);
    });

    it('should store an event once, and list events newest first by type', async () => {
      const applicationId = uniqueName('app');
      const live = { applicationId, livemode: true };
      const events = [1, 2, 3].map((second) => eventDocument(applicationId, uniqueName('session'), at(second)));
      const completed = eventDocument(applicationId, uniqueName('session'), at(4), 'checkout.session.completed');
      for (const event of [...events, completed]) expect(await stores.insertEvent(event)).to.equal(true);
      expect(await stores.insertEvent(events[0]!)).to.equal(false);
      expect((await stores.findEvent(events[0]!._id, live))?.data).to.deep.equal(events[0]!.data);
      expect(await stores.findEvent(events[0]!._id, { applicationId: uniqueName('other'), livemode: true })).to.equal(null);
      const expired = await stores.listEvents(live, { limit: 2, type: 'checkout.session.expired' });
      expect(expired.map((event) => event._id)).to.deep.equal([events[2]!._id, events[1]!._id]);
      expect((await stores.listEvents(live, { limit: 5, type: 'checkout.session.expired', after: expired[1] })).map((event) => event._id)).to.deep.equal([events[0]!._id]);
      expect((await stores.listEvents(live, { limit: 1 }))[0]?._id).to.equal(completed._id);
    });

    it("should keep each mode's endpoints and events to its own scope (those from before modes are live)", async () => {
      const applicationId = uniqueName('app');
      const live = { applicationId, livemode: true };
      const test = { applicationId, livemode: false };
      const legacyEndpoint = endpointDocument({ applicationId, createdAt: at(1) });
      const testEndpoint = endpointDocument({ applicationId, livemode: false, createdAt: at(2) });
      for (const endpoint of [legacyEndpoint, testEndpoint]) await stores.insertEndpoint(endpoint);
      expect((await stores.endpointsOf(live)).map((endpoint) => endpoint._id)).to.deep.equal([legacyEndpoint._id]);
      expect((await stores.listEndpoints(test, { limit: 10 })).map((endpoint) => endpoint._id)).to.deep.equal([testEndpoint._id]);
      expect(await stores.findEndpoint(testEndpoint._id, live)).to.equal(null);
      expect(await stores.deleteEndpoint(legacyEndpoint._id, test)).to.equal(false);
      const liveEvent = { ...eventDocument(applicationId, uniqueName('session'), at(3)), livemode: true };
      const testEvent = { ...eventDocument(applicationId, uniqueName('session'), at(4)), livemode: false };
      for (const event of [liveEvent, testEvent]) await stores.insertEvent(event);
      expect((await stores.listEvents(live, { limit: 10 })).map((event) => event._id)).to.deep.equal([liveEvent._id]);
      expect((await stores.listEvents(test, { limit: 10 })).map((event) => event._id)).to.deep.equal([testEvent._id]);
      expect(await stores.findEvent(liveEvent._id, test)).to.equal(null);
    });

    it('should hand each attempt to exactly one of many concurrent senders', async () => {
      const event = eventDocument(uniqueName('app'), uniqueName('session'), at(1));
      const delivery = deliveryDocument(event, newEndpointId());
      expect(await stores.insertDelivery(delivery)).to.equal(true);
      expect(await stores.insertDelivery(delivery)).to.equal(false);
      const senders = [stores, ...(await others())];
      const attempt = { _id: attemptId(delivery._id, 1), deliveryId: delivery._id, endpointId: delivery.endpointId, number: 1, startedAt: at(11), finishedAt: null, statusCode: null, latencyMs: null, error: null, responseBody: null };
      const claims = await Promise.all(Array.from({ length: 9 }, (_, i) => senders[i % senders.length]!.claimAttempt({ ...attempt })));
      expect(claims.filter(Boolean)).to.have.length(1);
      await stores.finishAttempt(attempt._id, { statusCode: 500, latencyMs: 12, error: null, responseBody: 'no' }, at(12));
      expect(await stores.findAttempt(attempt._id)).to.deep.include({ statusCode: 500, finishedAt: at(12), responseBody: 'no' });
    });

    it('should purge events, finished deliveries and attempts older than a cut-off, and keep pending deliveries', async () => {
      const applicationId = uniqueName('app');
      const endpointId = newEndpointId();
      const ancient = new Date('1980-01-01T00:00:00Z');
      const oldEvent = eventDocument(applicationId, uniqueName('s'), ancient);
      await stores.insertEvent(oldEvent);
      const finished = deliveryDocument(oldEvent, endpointId, { status: 'delivered', nextAttemptAt: null, createdAt: ancient });
      const pending = deliveryDocument(eventDocument(applicationId, uniqueName('s'), ancient), endpointId, { createdAt: ancient });
      await stores.insertDelivery(finished);
      await stores.insertDelivery(pending);
      await stores.claimAttempt({ _id: attemptId(finished._id, 1), deliveryId: finished._id, endpointId, number: 1, startedAt: ancient, finishedAt: ancient, statusCode: 200, latencyMs: 1, error: null, responseBody: 'ok' });
      const purged = await stores.purgeBefore(new Date('1981-01-01T00:00:00Z'));
      expect(purged.events).to.be.at.least(1);
      expect(await stores.findEvent(oldEvent._id)).to.equal(null);
      expect(await stores.findDelivery(finished._id)).to.equal(null);
      expect(await stores.findDelivery(pending._id)).to.not.equal(null);
      expect(await stores.findAttempt(attemptId(finished._id, 1))).to.equal(null);
    });

    it("should walk a scope's events of a range oldest first, from after one of them", async () => {
      const applicationId = uniqueName('app');
      const scope = { applicationId, livemode: true };
      const events = [5, 1, 3, 7].map((second) => eventDocument(applicationId, uniqueName('s'), at(second)));
      for (const event of events) await stores.insertEvent(event);
      await stores.insertEvent(eventDocument(uniqueName('other'), uniqueName('s'), at(2)));
      await stores.insertEvent({ ...eventDocument(applicationId, uniqueName('s'), at(4)), livemode: false });
      const range = { from: at(1), to: at(7) };
      const walked = await stores.eventsBetween(scope, range, 10);
      expect(walked.map((event) => event.createdAt.getUTCSeconds()), 'its own mode, [from, to), oldest first').to.deep.equal([1, 3, 5]);
      const rest = await stores.eventsBetween(scope, { ...range, after: walked[0]! }, 1);
      expect(rest.map((event) => event.createdAt.getUTCSeconds())).to.deep.equal([3]);
    });

    it('should send a delivery again with its schedule afresh, and find deliveries by id', async () => {
      const event = eventDocument(uniqueName('app'), uniqueName('s'), at(1));
      const endpointId = newEndpointId();
      const failed = deliveryDocument(event, endpointId, { status: 'failed', attemptCount: 8, nextAttemptAt: null });
      await stores.insertDelivery(failed);
      const now = new Date('2030-01-01T00:00:00Z');
      const armed = await armDelivery(stores, event, { _id: endpointId }, now);
      expect(armed).to.deep.include({ _id: failed._id, status: 'pending', attemptCount: 8, roundStartsAfter: 8, nextAttemptAt: now });
      expect(await stores.findDelivery(failed._id)).to.deep.include({ status: 'pending', attemptCount: 8, roundStartsAfter: 8, nextAttemptAt: now });
      const fresh = await armDelivery(stores, eventDocument(event.applicationId, uniqueName('s'), at(2)), { _id: endpointId }, now);
      expect(fresh).to.deep.include({ status: 'pending', attemptCount: 0 });
      expect((await stores.findDeliveries([failed._id, fresh._id, 'dlv_none'])).map((delivery) => delivery._id).sort()).to.deep.equal([failed._id, fresh._id].sort());
      for (const number of [1, 2]) await stores.claimAttempt({ _id: attemptId(failed._id, number), deliveryId: failed._id, endpointId, number, startedAt: at(number), finishedAt: at(number), statusCode: 500, latencyMs: 1, error: null, responseBody: null });
      await stores.claimAttempt({ _id: attemptId(fresh._id, 1), deliveryId: fresh._id, endpointId, number: 1, startedAt: at(3), finishedAt: null, statusCode: null, latencyMs: null, error: null, responseBody: null });
      expect((await stores.attemptsOf(failed._id)).map((attempt) => attempt.number).sort(), "one delivery's attempts, no other's").to.deep.equal([1, 2]);
    });

    it("should keep replays once per id, to their scope, listed newest first, and step them only from the step they were at", async () => {
      const applicationId = uniqueName('app');
      const endpointId = newEndpointId();
      const replay = (second: number): ReplayDocument => ({
        _id: newReplayId(),
        applicationId,
        livemode: false,
        endpointId,
        from: at(0),
        to: at(59),
        status: 'running',
        current: null,
        eventsSent: 0,
        failure: null,
        createdAt: at(second),
        updatedAt: at(second),
        finishedAt: null,
      });
      const [first, second] = [replay(1), replay(2)];
      expect(await stores.insertReplay(first)).to.equal(true);
      expect(await stores.insertReplay(first)).to.equal(false);
      await stores.insertReplay(second);
      expect(await stores.findReplay(first._id, { applicationId, livemode: true }), 'the other mode').to.equal(null);
      expect((await stores.findReplay(first._id, { applicationId, livemode: false }))?._id).to.equal(first._id);
      expect((await stores.listReplays(endpointId, { limit: 10 })).map((item) => item._id)).to.deep.equal([second._id, first._id]);
      const running = (await stores.runningReplays(1000)).map((item) => item._id);
      expect(running.indexOf(first._id)).to.be.lessThan(running.indexOf(second._id));

      const step = { current: { eventId: 'evt_1', createdAt: at(3), deliveryId: 'dlv_1' }, eventsSent: 1 };
      await stores.stepReplay(first._id, 0, step);
      await stores.stepReplay(first._id, 0, { current: { eventId: 'evt_2', createdAt: at(4), deliveryId: 'dlv_2' }, eventsSent: 1 }); // a late replica
      expect(await stores.findReplay(first._id)).to.deep.include(step);
      await stores.stepReplay(first._id, 1, { status: 'completed', finishedAt: at(9) });
      expect(await stores.findReplay(first._id)).to.deep.include({ status: 'completed', finishedAt: at(9), eventsSent: 1 });
      expect((await stores.runningReplays(1000)).map((item) => item._id)).not.to.include(first._id);

      expect(await stores.replayStepClaimedAt(second._id, 1)).to.equal(null);
      const claims = await Promise.all([stores, ...(await others())].map((each) => each.claimReplayStep(second._id, 1, at(7))));
      expect(claims.filter(Boolean), 'one replica takes a step').to.have.length(1);
      expect(await stores.replayStepClaimedAt(second._id, 1)).to.deep.equal(at(7));
      expect(await stores.claimReplayStep(second._id, 2, at(8)), 'the next step is free').to.equal(true);
    });

    it('should find due deliveries oldest first, and move a schedule only forward', async () => {
      const applicationId = uniqueName('app');
      const endpointId = newEndpointId();
      const early = deliveryDocument(eventDocument(applicationId, uniqueName('s'), at(1)), endpointId, { nextAttemptAt: new Date('2000-01-01T00:00:01Z') });
      const earlier = deliveryDocument(eventDocument(applicationId, uniqueName('s'), at(2)), endpointId, { nextAttemptAt: new Date('2000-01-01T00:00:00Z') });
      const later = deliveryDocument(eventDocument(applicationId, uniqueName('s'), at(3)), endpointId, { nextAttemptAt: new Date('2100-01-01T00:00:00Z') });
      const done = deliveryDocument(eventDocument(applicationId, uniqueName('s'), at(4)), endpointId, { status: 'delivered', nextAttemptAt: null });
      for (const delivery of [early, earlier, later, done]) await stores.insertDelivery(delivery);
      const mine = [early._id, earlier._id, later._id, done._id];
      const due = (await stores.dueDeliveries(new Date('2001-01-01T00:00:00Z'), 100)).map((delivery) => delivery._id).filter((id) => mine.includes(id));
      expect(due).to.deep.equal([earlier._id, early._id]);
      const other = deliveryDocument(eventDocument(uniqueName('other-app'), uniqueName('s'), at(5)), newEndpointId(), { nextAttemptAt: new Date('1999-01-01T00:00:00Z') });
      await stores.insertDelivery(other);
      const dueAt = new Date('2001-01-01T00:00:00Z');
      expect((await stores.dueDeliveries(dueAt, 100, applicationId)).map((delivery) => delivery._id), 'one application\'s').to.deep.equal([earlier._id, early._id]);
      expect(await stores.applicationsWithDueDeliveries(dueAt)).to.include.members([applicationId, other.applicationId]);
      expect(await stores.applicationsWithDueDeliveries(new Date('1998-01-01T00:00:00Z'))).not.to.include.members([applicationId]);

      await stores.advanceDelivery(early._id, { attemptCount: 2, status: 'pending', nextAttemptAt: at(30) });
      await stores.advanceDelivery(early._id, { attemptCount: 1, status: 'pending', nextAttemptAt: at(20) }); // a late writer
      expect(await stores.findDelivery(early._id)).to.deep.include({ attemptCount: 2, nextAttemptAt: at(30) });

      await stores.claimAttempt({ _id: attemptId(early._id, 1), deliveryId: early._id, endpointId, number: 1, startedAt: at(11), finishedAt: at(12), statusCode: 500, latencyMs: 3, error: null, responseBody: null });
      await stores.claimAttempt({ _id: attemptId(early._id, 2), deliveryId: early._id, endpointId, number: 2, startedAt: at(13), finishedAt: at(14), statusCode: 200, latencyMs: 3, error: null, responseBody: 'ok' });
      const listed = await stores.listDeliveries(endpointId, { limit: 3 });
      expect(listed.map(({ delivery }) => delivery._id)).to.deep.equal([done._id, later._id, earlier._id]);
      const next = await stores.listDeliveries(endpointId, { limit: 3, after: listed[2]!.delivery });
      expect(next.map(({ delivery }) => delivery._id)).to.deep.equal([early._id]);
      expect(next[0]!.attempts.map((attempt) => attempt.number).sort()).to.deep.equal([1, 2]);
    });
  });
}
