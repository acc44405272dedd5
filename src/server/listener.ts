// The HTTP listener of a yoga instance (npm start, and the browser tests). What Node cannot parse as HTTP
// never reaches yoga: Node answers it a bare status; here it gets the API's error shape and code instead.
// Node's timeouts bound only the request's arrival (its headers, then its whole body), never the work
// after it: that is the operation budget's (./liveness.ts), so every limit is answered with a code.
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log.ts';
import { loggingEachRequest } from './logging.ts';
import type { createServer as createYogaServer } from './yoga.ts';

/** Node's parse errors (llhttp's codes and its own), as the status and code answered. */
function answerFor(code: string | undefined): { status: number; reason: string; code: string; message: string } {
  if (code === 'HPE_HEADER_OVERFLOW')
    return {
      status: 431,
      reason: 'Request Header Fields Too Large',
      code: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
      message: 'The request’s headers are larger than the server accepts.',
    };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, reason: 'Request Timeout', code: 'REQUEST_TIMEOUT', message: 'The request did not arrive in time.' };
  return { status: 400, reason: 'Bad Request', code: 'BAD_REQUEST', message: 'The request is not valid HTTP.' };
}

function answerClientError(error: Error & { code?: string }, socket: Duplex, logger?: Logger): void {
  // A reset connection hears nothing; one whose answer has begun cannot be given another. A body still
  // arriving when the request's time is up (a slow upload) has no answer yet: it gets the 408.
  const response = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || (response && (response.headersSent || error.code !== 'ERR_HTTP_REQUEST_TIMEOUT'))) {
    socket.destroy();
    return;
  }
  const answer = answerFor(error.code);
  // No request was read, so no method or path: the line says what Node refused.
  logger?.info({ status: answer.status, codes: [answer.code], cause: error.code }, 'request refused by Node');
  const body = JSON.stringify({ errors: [{ message: answer.message, extensions: { code: answer.code } }] });
  socket.end(
    `HTTP/1.1 ${answer.status} ${answer.reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
  );
}

export interface ListenerLimits {
  /** Milliseconds for a request's headers to arrive. */
  headersTimeout: number;
  /** Milliseconds for a whole request, headers and body, to arrive. */
  requestTimeout: number;
}

/**
 * Headers come in one packet, so Node's 60 s stays (a slow-headers attack holds a connection no longer).
 * A body may be a 50 MiB upload (MAX_UPLOAD_BYTES): ten minutes lets it arrive at 0.7 Mbit/s, where
 * Node's 300 s would cut it below 1.4 Mbit/s, a rural office's link.
 */
export const LISTENER_LIMITS: ListenerLimits = { headersTimeout: 60_000, requestTimeout: 600_000 };

/** The listener; with a logger, one line per request (./logging.ts). */
export function createListener(yoga: ReturnType<typeof createYogaServer>, limits: ListenerLimits = LISTENER_LIMITS, logger?: Logger): Server {
  // Node checks its timeouts every 30 s by default; a tenth of the shorter one keeps them close to exact.
  const connectionsCheckingInterval = Math.min(30_000, limits.headersTimeout / 10);
  return createServer({ ...limits, connectionsCheckingInterval }, logger ? loggingEachRequest(yoga, logger) : yoga).on('clientError', (error, socket) =>
    answerClientError(error, socket, logger),
  );
}
