import { MongoClient, MongoNetworkError, MongoNotConnectedError, MongoServerError, MongoServerSelectionError, MongoTopologyClosedError, type Collection, type Db, type Document, type OptionalUnlessRequiredId } from 'mongodb';
import { DependencyUnavailable } from './dependency-unavailable';
import { redactedUrl } from './redacted-url';

export interface MongoConnection {
  client: MongoClient;
  db: Db;
}

/**
 * Connects; every operation then has a deadline of `timeoutMs`: a server that keeps the connection
 * but stops answering for that long has the socket closed under the operation (a network timeout,
 * so "unreachable"), and an operation that waits that long for a pooled connection fails too.
 */
export async function connectMongo(url: string, database: string, options: { timeoutMs?: number; monitorCommands?: boolean } = {}): Promise<MongoConnection> {
  // Command monitoring feeds the `checkout.db.commands` counter (countDatabaseCommands): only while metrics are on.
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000, appName: 'checkout', monitorCommands: options.monitorCommands ?? false, ...(options.timeoutMs ? { socketTimeoutMS: options.timeoutMs, waitQueueTimeoutMS: options.timeoutMs, connectTimeoutMS: options.timeoutMs } : {}) });
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new Error(`cannot connect to MongoDB at ${redactedUrl(url)}: ${(error as Error).message}`);
  }
  return { client, db: client.db(database) };
}

/** MongoDB (or FerretDB) cannot be reached: answered 503 by every HTTP service. */
export class MongoUnavailable extends DependencyUnavailable {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MongoDB', message, options);
  }
}

/** Whether a driver error means "the server cannot be reached", as opposed to a refused command. */
export function isMongoUnreachable(error: unknown): boolean {
  return (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    // No connection came free within the deadline (the driver does not export this class).
    (error instanceof Error && error.name === 'MongoWaitQueueTimeoutError')
  );
}

/** `work`, with "cannot reach the server" errors as `unavailable(error)` and every other as it is. */
export async function whileMongoReachable<T>(work: () => Promise<T>, unavailable: (error: Error) => Error = (error) => new MongoUnavailable(`MongoDB: ${error.message}`, { cause: error })): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isMongoUnreachable(error)) throw unavailable(error as Error);
    throw error;
  }
}

/**
 * Inserts `document` unless one with its `_id` (or another unique key) exists: true for the one caller
 * whose insert won. The one write FerretDB 1.x makes atomic across connections, so the way anything
 * that must happen once among replicas is decided.
 */
export async function insertOnce<T extends Document>(collection: Collection<T>, document: OptionalUnlessRequiredId<T>): Promise<boolean> {
  try {
    await collection.insertOne(document);
    return true;
  } catch (error) {
    if (error instanceof MongoServerError && error.code === 11000) return false;
    throw error;
  }
}
