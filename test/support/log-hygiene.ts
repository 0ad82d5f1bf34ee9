import { expect } from 'chai';
import { seedBody } from './seed';
import type { RunningService } from './services';

/**
 * Every line the services wrote must be a JSON log line, and none may hold the seed's customer
 * data, a token or an Authorization header. `extra` adds values a suite sent besides the seed's.
 */
export function expectCleanLogs(services: readonly RunningService[], extra: readonly string[] = []): void {
  const lines = services.flatMap((service) => service.output().split('\n')).filter((line) => line.trim());
  expect(lines.length, 'the services logged').to.be.greaterThan(10);
  for (const line of lines) expect(() => JSON.parse(line), `not a JSON log line: ${line}`).not.to.throw();
  const customer = seedBody().customer;
  const address = customer.billingAddress!;
  const secrets = [customer.firstName, customer.lastName, customer.email, customer.phone!, address.line1, address.line2!, address.city, 'eyJ', 'Bearer', ...extra];
  for (const secret of secrets) {
    const leaks = lines.filter((line) => line.includes(secret));
    expect(leaks, `log lines containing ${secret}`).to.deep.equal([]);
  }
}
