/** A provider's documented metadata limits. */
export interface MetadataLimits {
  maxKeys: number;
  maxKeyLength: number;
  maxValueLength: number;
}

/**
 * The merchant's metadata that fits a provider's limits, leaving `reserved` keys for our own
 * references: a pair that does not fit (a key too long or with square brackets, a value too long,
 * one key too many) is left out rather than failing the session. docs/providers.md lists the limits.
 */
export function fittingMetadata(metadata: Readonly<Record<string, string>>, limits: MetadataLimits, reserved: number): Record<string, string> {
  const fitting = Object.entries(metadata).filter(([key, value]) => key.length > 0 && key.length <= limits.maxKeyLength && !/[[\]]/.test(key) && value.length <= limits.maxValueLength);
  return Object.fromEntries(fitting.slice(0, Math.max(0, limits.maxKeys - reserved)));
}
