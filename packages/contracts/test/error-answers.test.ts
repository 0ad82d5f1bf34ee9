import { expect } from 'chai';
import { ApiError, codeOfProblemType, ERROR_ANSWERS, ErrorCode, problem, problemType, buildOpenApiDocument } from '@checkout/contracts';

describe('ERROR_ANSWERS', () => {
  it('should give every error code a client or server status, a title and a description', () => {
    expect(Object.keys(ERROR_ANSWERS).sort()).to.deep.equal(Object.values(ErrorCode).sort());
    for (const [code, answer] of Object.entries(ERROR_ANSWERS)) {
      expect(answer.status, code).to.be.within(400, 599);
      expect(answer.title, code).to.match(/^\S.*\S$/);
      expect(answer.description.length, code).to.be.greaterThan(20);
    }
  });

  it('should be what every problem is built from: status, title and a type that names its code', () => {
    expect(problem(ErrorCode.AmountMismatch, 'total is 140.76, the items add up to 140.75', [{ pointer: '/amount/total', detail: 'mismatch' }])).to.deep.equal({
      type: '/problems/amount-mismatch',
      title: 'Amount mismatch',
      status: 422,
      detail: 'total is 140.76, the items add up to 140.75',
      code: 'amount_mismatch',
      errors: [{ pointer: '/amount/total', detail: 'mismatch' }],
    });
    const refused = new ApiError(ErrorCode.RequestInProgress, 'still working', { retryAfterSeconds: 2 });
    expect(refused.problem).to.include({ status: 409, code: 'request_in_progress', detail: 'still working' });
    expect(refused.problem).not.to.have.property('errors');
    for (const code of Object.values(ErrorCode)) expect(codeOfProblemType(problemType(code).split('/').pop()!)).to.equal(code);
    expect(codeOfProblemType('amount_mismatch')).to.equal(undefined);
  });

  it("should give each OpenAPI problem response the table's status for its codes", () => {
    const document = buildOpenApiDocument();
    let checked = 0;
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(operations) as { responses: Record<string, { description: string }> }[]) {
        for (const [status, response] of Object.entries(operation.responses)) {
          for (const [, code] of response.description.matchAll(/\[`([a-z_]+)`\]/g)) {
            expect(ERROR_ANSWERS[code as ErrorCode].status, code).to.equal(Number(status));
            checked += 1;
          }
        }
      }
    }
    expect(checked).to.be.greaterThan(50);
  });
});
