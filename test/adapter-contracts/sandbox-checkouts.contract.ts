import { expect } from 'chai';
import type { SandboxCheckouts, SandboxClosedStatus } from '@checkout/providers';

/** The behaviour every SandboxCheckouts adapter must have; `others` gives stores on separate connections, to race against. */
export function sandboxCheckoutsContract(name: string, setup: () => Promise<SandboxCheckouts>, teardown: () => Promise<void> = async () => undefined, others: () => Promise<SandboxCheckouts[]> = async () => []): void {
  describe(`${name} (SandboxCheckouts contract)`, () => {
    let checkouts: SandboxCheckouts;
    beforeEach(async () => {
      checkouts = await setup();
    });
    afterEach(teardown);

    it('should know nothing of an open checkout, and store it once it closes', async () => {
      expect(await checkouts.find('sbx_open')).to.equal(null);
      expect(await checkouts.close('sbx_open', 'paid')).to.equal(true);
      expect(await checkouts.find('sbx_open')).to.deep.include({ _id: 'sbx_open', status: 'paid' });
    });

    it('should close a checkout once: a later close, whatever its status, changes nothing', async () => {
      expect(await checkouts.close('sbx_once', 'declined')).to.equal(true);
      for (const status of ['paid', 'expired', 'declined'] as const) expect(await checkouts.close('sbx_once', status), status).to.equal(false);
      expect((await checkouts.find('sbx_once'))?.status).to.equal('declined');
    });

    it('should close a checkout once among racing closers (Pay, Decline and the expiry at the same moment)', async () => {
      const closers = [checkouts, ...(await others())];
      const statuses: SandboxClosedStatus[] = ['paid', 'declined', 'expired'];
      const results = await Promise.all(Array.from({ length: 9 }, (_, i) => closers[i % closers.length]!.close('sbx_race', statuses[i % statuses.length]!)));
      expect(results.filter(Boolean)).to.have.length(1);
      expect((await checkouts.find('sbx_race'))?.status).to.equal(statuses[results.indexOf(true) % statuses.length]);
    });

    it('should keep the checkouts of many sessions apart', async () => {
      for (let i = 0; i < 5; i += 1) expect(await checkouts.close(`sbx_many_${i}`, 'expired')).to.equal(true);
      for (let i = 0; i < 5; i += 1) expect((await checkouts.find(`sbx_many_${i}`))?.status).to.equal('expired');
    });
  });
}
