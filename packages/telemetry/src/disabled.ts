/** OTEL_SDK_DISABLED=true: no SDK, no instrumentation, no metrics, no command monitoring: nothing measured at all. */
export function telemetryDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';
}
