import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may be sent. In production only public unicast addresses: a merchant must not be
 * able to make us call loopback, link-local (cloud metadata at 169.254.169.254), private,
 * carrier-grade NAT, multicast or reserved ranges, which is to say our own network. Checked on the
 * URL when an endpoint is registered, and on every address the name resolves to when a delivery
 * connects (so that a DNS answer cannot change it in between).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

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
  if (host === 'localhost' || host.endsWith('.localhost')) return { ok: false, detail: 'must not point at a loopback address' };
  if (isIP(host) && !isPublicAddress(host)) return { ok: false, detail: 'must not point at a loopback, link-local, private or reserved address' };
  return { ok: true };
}
