/** ISO 8601 UTC to the second, as the API shows times: 2024-01-15T11:00:00Z. */
export function apiTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
