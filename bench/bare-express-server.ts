// The baseline HTTP server: Express answering fixed JSON, nothing else. Prints its port.
import express from 'express';

const app = express();
app.disable('x-powered-by');
const body = JSON.stringify({ sessionId: 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9', status: 'PENDING' });
app.post('/api/v1/sessions', express.json(), (_request, response) => {
  response.status(201).type('application/json').send(body);
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as { port: number }).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
