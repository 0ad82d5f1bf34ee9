/** Test or live: which world an object belongs to. Test objects never touch a live account, and the other way round. */
export const MODES = ['test', 'live'] as const;
export type Mode = (typeof MODES)[number];

/**
 * Whose objects: one application in one mode. Every merchant-visible object (session, event,
 * webhook endpoint, delivery, provider account) belongs to exactly one scope, and a caller sees
 * only its own: another scope's id is not found, and lists never mix them.
 */
export interface MerchantScope {
  applicationId: string;
  livemode: boolean;
}

/** Stored objects from before modes existed carry no `livemode`: they were live. */
export function isLive(object: { livemode?: boolean }): boolean {
  return object.livemode !== false;
}

export function modeOfScope(livemode: boolean): Mode {
  return livemode ? 'live' : 'test';
}

/** Whether the object belongs to the scope (the in-memory adapters' filter; MongoDB's is scopeFilter). */
export function inScope(object: { applicationId: string | null; livemode?: boolean }, scope: MerchantScope): boolean {
  return object.applicationId === scope.applicationId && isLive(object) === scope.livemode;
}

/** The `livemode` every merchant-visible object carries (JSON Schema). */
export const livemodeSchema = {
  type: 'boolean',
  description: 'True for a live object, false for a test one: the mode of the token it was created with (a provider account: its credentials\'). A token sees its own mode\'s objects only.',
} as const;
