import { expect } from 'chai';
import { MongoNetworkTimeoutError, MongoServerError } from 'mongodb';
import { isMongoUnreachable, MongoUnavailable, whileMongoReachable } from '@checkout/platform';
import { rejection } from '../../../test/support/rejection';

describe('isMongoUnreachable', () => {
  it('should call a network timeout and a pool that gave no connection in time unreachable, and a refused command not', async () => {
    const waitQueue = Object.assign(new Error('Timed out while checking out a connection from connection pool'), { name: 'MongoWaitQueueTimeoutError' });
    expect(isMongoUnreachable(new MongoNetworkTimeoutError('connection timed out'))).to.equal(true);
    expect(isMongoUnreachable(waitQueue)).to.equal(true);
    expect(isMongoUnreachable(new MongoServerError({ message: 'E11000 duplicate key', code: 11000 }))).to.equal(false);
    const unavailable = await rejection(whileMongoReachable(() => Promise.reject(waitQueue)), MongoUnavailable);
    expect(unavailable.dependency).to.equal('MongoDB');
  });
});
