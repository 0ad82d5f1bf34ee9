/**
 * The budget of one provider call whose catalog entry names none: the routing catalog's default
 * (each candidate carries its own in SessionRouted), and the budget of calls made outside a
 * routed session, such as closing an expired checkout.
 */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 5000;
