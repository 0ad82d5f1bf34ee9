import type { Meter } from '@opentelemetry/api';

/** What the MongoDB driver emits with `monitorCommands: true` (only what is counted here). */
export interface CommandMonitor {
  on(event: 'commandStarted', listener: (event: { commandName: string; command: Record<string, unknown> }) => void): unknown;
}

/** The driver's own handshakes and heartbeats: not work a request asked for. */
const HOUSEKEEPING = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'saslStart', 'saslContinue', 'buildInfo', 'getParameter']);

/**
 * `checkout.db.commands` {db.operation.name, db.collection.name}: every MongoDB command a service
 * sends, from the driver's command monitoring. Those on `sessions`, divided by the sessions
 * created, are the round trips per session (the benchmark reports it; a change that adds one
 * shows up here first).
 */
export function countDatabaseCommands(meter: Meter, client: CommandMonitor): void {
  const counter = meter.createCounter('checkout.db.commands', { description: 'MongoDB commands sent, by command and collection.', unit: '{command}' });
  client.on('commandStarted', ({ commandName, command }) => {
    if (HOUSEKEEPING.has(commandName)) return;
    const collection = typeof command[commandName] === 'string' ? (command[commandName] as string) : '';
    counter.add(1, { 'db.operation.name': commandName, 'db.collection.name': collection });
  });
}
