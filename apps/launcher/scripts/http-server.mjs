// Name: HTTP server
// Description: a tiny web server on a free loopback port
import { createServer } from 'node:http';

let requests = 0;
const server = createServer((request, response) => {
  requests += 1;
  console.log(`${request.method} ${request.url}`);
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end(`hello from a Lifeline script (pid ${process.pid}), request ${requests}\n`);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : '?'}/`;
  console.log(`listening on ${url}`);
  console.log(JSON.stringify({ ready: true, pid: process.pid, url }));
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  console.log(`server closed after ${requests} requests`);
});
