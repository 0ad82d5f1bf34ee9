import type { CreateSessionRequest } from './schemas/create-session-request';
import seedRequest from './examples/create-session.request.json';
import seedResponse from './examples/create-session.response.json';

/**
 * The seed request of POST /api/v1/sessions, from the project's one copy of it
 * (`examples/create-session.request.json`, which docs/examples/create-session.json links to):
 * the example in the docs, the OpenAPI document, the printed curl and the tests.
 */
export const EXAMPLE_CREATE_SESSION_REQUEST = seedRequest as CreateSessionRequest;

/** The seed's 201 body, as the specification shows it (`examples/create-session.response.json`). */
export const EXAMPLE_CREATED_SESSION = seedResponse;
