import { expect } from 'chai';

/** Awaits a promise that must reject with an error of `type`, and returns that error for more checks. */
export async function rejection<T extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(type);
    return error as T;
  }
  throw new Error(`expected a ${type.name}, but the promise resolved`);
}
