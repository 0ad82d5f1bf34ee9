import { MongoClient, type Db } from 'mongodb';

export interface MongoConnection {
  client: MongoClient;
  db: Db;
}

export async function connectMongo(url: string, database: string): Promise<MongoConnection> {
  // Command monitoring feeds the `checkout.db.commands` counter (countDatabaseCommands).
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000, appName: 'checkout', monitorCommands: true });
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new Error(`cannot connect to MongoDB at ${url}: ${(error as Error).message}`);
  }
  return { client, db: client.db(database) };
}
