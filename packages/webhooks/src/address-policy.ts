import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** IPv6's global unicast block (RFC 4291): every public IPv6 address is in it. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * Where a webhook may be sent. In production only global unicast addresses: IPv4 unicast outside
 * loopback, link-local (cloud metadata at 169.254.169.254), private, carrier-grade NAT, multicast and
 * reserved ranges; IPv6 only inside 2000::/3 and outside its special ranges (documentation, 6to4,
 * Teredo, ...), an IPv4-mapped address judged as its IPv4 one. Which is to say never our own network,
 * whatever range a future address plan adds. Checked on the URL when an endpoint is registered, and on
 * every address the name resolves to when a delivery connects (so a DNS answer cannot change it in between).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (parsed.kind() === 'ipv6' && !(parsed as ipaddr.IPv6).match(GLOBAL_UNICAST_V6 as [ipaddr.IPv6, number])) return false;
  return parsed.range() === 'unicast';
}

/** The ports a webhook may go to in production: HTTPS's. */
export const WEBHOOK_PORTS = { https: '443' } as const;

export type WebhookUrlVerdict = { ok: true } | { ok: false; detail: string };

export interface WebhookUrlPolicy {
  /** Development only: http:// on localhost, and any address, for local receivers. */
  allowHttpLocalhost: boolean;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * Whether a URL may be registered as a webhook endpoint: https on a name or a public address; in
 * development also http on localhost. Names are checked again, resolved, on every delivery.
 */
export function checkWebhookUrl(text: string, policy: WebhookUrlPolicy): WebhookUrlVerdict {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, detail: 'must be an absolute URL' };
  }
  if (url.username || url.password) return { ok: false, detail: 'must not carry credentials' };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (url.protocol === 'http:' && policy.allowHttpLocalhost && LOOPBACK_HOSTS.has(host)) return { ok: true };
  if (url.protocol !== 'https:') return { ok: false, detail: policy.allowHttpLocalhost ? 'must be an https URL (or http on localhost)' : 'must be an https URL' };
  if (policy.allowHttpLocalhost) return { ok: true };
  if (url.port !== '' && url.port !== WEBHOOK_PORTS.https) return { ok: false, detail: `must use port ${WEBHOOK_PORTS.https} (HTTPS's)` };
  if (host === 'localhost' || host.endsWith('.localhost')) return { ok: false, detail: 'must not point at a loopback address' };
  if (isIP(host) && !isPublicAddress(host)) return { ok: false, detail: 'must not point at a loopback, link-local, private or reserved address' };
  return { ok: true };
}
