/**
 * What personal data or credentials look like inside free text: an error message that echoes
 * what a provider was sent ("Invalid email address: …"), a stack, a rejected header.
 */
const PATTERNS: readonly RegExp[] = [
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, // email
  /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, // JWT
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, // RFC 6750 token
  /\+\d[\d ()-]{6,}\d/g, // international phone number
  /\b\d(?:[ -]?\d){12,18}\b/g, // card number
];

/** The text with anything that looks like personal data or a credential replaced by [redacted]. */
export function scrubPersonalData(text: string): string {
  return PATTERNS.reduce((scrubbed, pattern) => scrubbed.replace(pattern, '[redacted]'), text);
}
