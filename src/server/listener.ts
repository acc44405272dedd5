// The HTTP listener of a yoga instance (npm start, and the browser tests). What Node cannot parse as HTTP
// never reaches yoga: Node answers it a bare status; here it gets the API's error shape and code instead.
import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { createServer as createYogaServer } from './yoga.ts';

/** Node's parse errors (llhttp's codes and its own), as the status and code answered. */
function answerFor(code: string | undefined): { status: number; reason: string; code: string; message: string } {
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, reason: 'Request Header Fields Too Large', code: 'REQUEST_HEADER_FIELDS_TOO_LARGE', message: 'The request’s headers are larger than the server accepts.' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, reason: 'Request Timeout', code: 'REQUEST_TIMEOUT', message: 'The request did not arrive in time.' };
  return { status: 400, reason: 'Bad Request', code: 'BAD_REQUEST', message: 'The request is not valid HTTP.' };
}

function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // A reset connection hears nothing; one whose answer has begun cannot be given another.
  if (error.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: unknown })._httpMessage) {
    socket.destroy();
    return;
  }
  const answer = answerFor(error.code);
  const body = JSON.stringify({ errors: [{ message: answer.message, extensions: { code: answer.code } }] });
  socket.end(
    `HTTP/1.1 ${answer.status} ${answer.reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function createListener(yoga: ReturnType<typeof createYogaServer>): Server {
  return createServer(yoga).on('clientError', answerClientError);
}
