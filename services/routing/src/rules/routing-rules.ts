/** A merchant's routing rules: data, not code. Provider ids refer to the catalog. */
export interface ApplicationRules {
  /** Only these providers may be used. */
  allow?: string[];
  /** These providers are never used. */
  deny?: string[];
  /** These providers get the full preference value (1) instead of their base weight. */
  prefer?: string[];
  /** Replaces a provider's base weight (0..1) for this merchant. */
  weights?: Record<string, number>;
  /** Volume split in percent among eligible providers, e.g. { stripe: 70, adyen: 30 }. */
  split?: Record<string, number>;
}

export interface RoutingRules {
  /** Rules for applications without their own entry. */
  defaults?: ApplicationRules;
  applications?: Record<string, ApplicationRules>;
}

const providerId = { type: 'string', pattern: '^[a-z][a-z0-9_-]{1,31}$' } as const;

const applicationRules = {
  type: 'object',
  additionalProperties: false,
  properties: {
    allow: { type: 'array', items: providerId, uniqueItems: true },
    deny: { type: 'array', items: providerId, uniqueItems: true },
    prefer: { type: 'array', items: providerId, uniqueItems: true },
    weights: { type: 'object', propertyNames: providerId, additionalProperties: { type: 'number', minimum: 0, maximum: 1 } },
    split: { type: 'object', propertyNames: providerId, minProperties: 2, additionalProperties: { type: 'number', exclusiveMinimum: 0, maximum: 100 } },
  },
} as const;

export const routingRulesSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    defaults: applicationRules,
    applications: { type: 'object', additionalProperties: applicationRules },
  },
} as const;

export function rulesFor(rules: RoutingRules, applicationId: string): ApplicationRules {
  return rules.applications?.[applicationId] ?? rules.defaults ?? {};
}
