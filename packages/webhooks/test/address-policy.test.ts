import { expect } from 'chai';
import { checkWebhookUrl, isPublicAddress } from '@checkout/webhooks';

describe('webhook address policy', () => {
  it('should take only global unicast addresses as public, IPv4-mapped IPv6 included', () => {
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '2a00:1450:4001:82a::200e']) expect(isPublicAddress(address), address).to.equal(true);
    // Outside 2000::/3, or in its special ranges: documentation, 6to4, Teredo, ORCHID, NAT64, discard.
    for (const address of ['2001:db8::1', '2002:7f00:1::1', '2001:0:4136:e378::1', '2001:10::1', '64:ff9b::a00:1', '100::1', '4000::1', 'ff02::1', '3fff::1']) {
      expect(isPublicAddress(address), address).to.equal(false);
    }
    for (const address of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-ip']) {
      expect(isPublicAddress(address), address).to.equal(false);
    }
  });

  it('should take https URLs on names and public addresses in production, and nothing on our own network', () => {
    const production = { allowHttpLocalhost: false };
    expect(checkWebhookUrl('https://merchant.example/hooks', production)).to.deep.equal({ ok: true });
    expect(checkWebhookUrl('https://93.184.215.14/hooks', production)).to.deep.equal({ ok: true });
    for (const url of ['http://merchant.example/hooks', 'https://127.0.0.1/', 'https://10.1.2.3/', 'https://169.254.169.254/', 'https://[::1]/', 'https://[::ffff:7f00:1]/', 'https://localhost/', 'https://api.localhost/', 'ftp://merchant.example/', 'https://user:pass@merchant.example/', 'merchant.example/hooks']) {
      expect(checkWebhookUrl(url, production).ok, url).to.equal(false);
    }
    expect(checkWebhookUrl('https://10.1.2.3/', production)).to.deep.equal({ ok: false, detail: 'must not point at a loopback, link-local, private or reserved address' });
  });

  it("should take only HTTPS's port in production", () => {
    const production = { allowHttpLocalhost: false };
    expect(checkWebhookUrl('https://merchant.example:443/hooks', production)).to.deep.equal({ ok: true });
    for (const port of ['22', '6379', '8443', '27017']) expect(checkWebhookUrl(`https://merchant.example:${port}/hooks`, production), port).to.deep.equal({ ok: false, detail: "must use port 443 (HTTPS's)" });
  });

  it('should also take http on localhost in development', () => {
    const development = { allowHttpLocalhost: true };
    for (const url of ['http://localhost:4000/hooks', 'http://127.0.0.1:4000/hooks', 'http://[::1]:4000/', 'https://10.1.2.3/']) expect(checkWebhookUrl(url, development).ok, url).to.equal(true);
    expect(checkWebhookUrl('http://merchant.example/hooks', development)).to.deep.equal({ ok: false, detail: 'must be an https URL (or http on localhost)' });
  });
});
