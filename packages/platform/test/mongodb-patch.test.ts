import { expect } from 'chai';

// The MongoDB driver's connection pool, as patched by patches/mongodb+7.9.1.patch (applied by `npm ci`'s postinstall).
interface Pool {
  minPoolSizeTimer: NodeJS.Timeout | undefined;
  ready(): void;
  close(): void;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const { ConnectionPool } = require('mongodb/lib/cmap/connection_pool') as { ConnectionPool: new (server: unknown, options: Record<string, unknown>) => Pool };
const { HostAddress } = require('mongodb/lib/utils') as { HostAddress: { fromString(address: string): unknown } };
/* eslint-enable @typescript-eslint/no-require-imports */

describe('the mongodb patch (patches/mongodb+7.9.1.patch)', () => {
  // What the pool reads of its server before it connects anything.
  const server = { topology: { client: { mongoLogger: undefined } } };
  const readyPool = (options: Record<string, unknown>): Pool => {
    const pool = new ConnectionPool(server, { hostAddress: HostAddress.fromString('127.0.0.1:1'), ...options });
    pool.ready();
    return pool;
  };

  it('should schedule no background check with no minimum pool size and no idle limit (our clients): no 100 ms timer', () => {
    const pool = readyPool({});
    expect(pool.minPoolSizeTimer).to.equal(undefined);
    pool.close();
  });

  it('should still check on a timer when idle connections must be closed (maxIdleTimeMS)', () => {
    const pool = readyPool({ maxIdleTimeMS: 60_000 });
    expect(pool.minPoolSizeTimer).to.not.equal(undefined);
    pool.close();
  });
});
