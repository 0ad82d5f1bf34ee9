// The floor of every HTTP figure: Node's own http module answering fixed JSON. Prints its port.
import { createServer } from 'node:http';

const body = JSON.stringify({ sessionId: 'e4b8c1a2-b088-4e79-99ad-2c3e0fa3f1b9', status: 'PENDING' });
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
