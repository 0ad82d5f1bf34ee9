import { expect } from 'chai';
import { trace } from '@opentelemetry/api';
import { ProviderTelemetry } from '../src/provider-telemetry';
import { testMeter } from '../../../test/support/test-meter';

describe('ProviderTelemetry', () => {
  it('should report the sessions stuck PROCESSING as last counted, and nothing before the first count', async () => {
    const metered = testMeter();
    const telemetry = new ProviderTelemetry(trace.getTracer('test'), metered.meter);
    telemetry.observeStuckSessions();
    expect(await metered.points('checkout.sessions.stuck_processing')).to.deep.equal([]);
    telemetry.stuckSessionsCounted(3);
    expect(await metered.points('checkout.sessions.stuck_processing')).to.deep.equal([{ attributes: {}, value: 3 }]);
  });
});
