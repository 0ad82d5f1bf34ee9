/** A connection string fit for a log line: its password (and user) replaced. */
export function redactedUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = '***';
    if (url.username) url.username = '***';
    return url.toString();
  } catch {
    return text.replace(/\/\/[^@/]*@/, '//***@');
  }
}
