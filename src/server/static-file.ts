// A file as the server answers it: compressed once (gzip and brotli, off the event loop), never per request,
// with a strong ETag per encoding, so that a portal's visitors fetch the widget script as a third of its
// size and a revalidation costs a 304 with no body. The encoding follows Accept-Encoding, and every answer
// of a compressible file says Vary: Accept-Encoding so that shared caches keep the encodings apart.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

type Coding = 'br' | 'gzip' | 'identity';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Text compresses; images and fonts are compressed already. */
const COMPRESSIBLE = /^(text\/|application\/(javascript|json)|image\/svg\+xml)/;

/**
 * The coding to send: the accepted one with the highest q, brotli before gzip at equal q; identity when
 * neither is accepted (`q=0`, or not named and no `*`).
 */
export function codingFor(acceptEncoding: string | null): Coding {
  const weights = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name, ...parameters] = part.split(';').map((piece) => piece.trim());
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    if (name) weights.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const weight = (coding: Coding) => weights.get(coding) ?? weights.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).filter((coding) => weight(coding) > 0).sort((a, b) => weight(b) - weight(a))[0];
  return best ?? 'identity';
}

/** The entity tags an If-None-Match lists, weak or strong alike (it compares weakly), or '*'. */
function tagsOf(ifNoneMatch: string): string[] {
  return ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
}

export interface StaticFile {
  /** The first 16 hex digits of the file's SHA-256: its content-hashed URLs carry it. */
  hash: string;
  /** The answer to a GET or HEAD of the file, with these headers (its Cache-Control), built with yoga's fetch API. */
  respond(request: Request, headers: Record<string, string>, fetchAPI: { Response: typeof Response }): Response;
}

/**
 * `brotliQuality`: brotli's highest by default, the smallest file for the built assets, compressed once at
 * start-up; a large page made on a request takes less (GraphiQL's 9 MB took 14 s of CPU at the highest, 0.2 s
 * at 5 for 13 % more bytes).
 */
export async function staticFile(
  body: Uint8Array<ArrayBuffer>,
  contentType: string,
  { brotliQuality = constants.BROTLI_MAX_QUALITY }: { brotliQuality?: number } = {},
): Promise<StaticFile> {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const bodies: Partial<Record<Coding, Uint8Array<ArrayBuffer>>> = { identity: body };
  if (COMPRESSIBLE.test(contentType)) {
    const [br, gz] = await Promise.all([
      brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: brotliQuality, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
      gzipped(body, { level: constants.Z_BEST_COMPRESSION }),
    ]);
    // A body too small to gain is sent as it is.
    if (br.length < body.length) bodies.br = new Uint8Array(br);
    if (gz.length < body.length) bodies.gzip = new Uint8Array(gz);
  }
  const compressible = Object.keys(bodies).length > 1;
  // A strong tag names exact bytes, so each encoding has its own; all share the file's hash.
  const etagOf = (coding: Coding) => (coding === 'identity' ? `"${hash}"` : `"${hash}-${coding}"`);
  const etags = (Object.keys(bodies) as Coding[]).map(etagOf);
  return {
    hash,
    respond(request, headers, { Response }) {
      const chosen = codingFor(request.headers.get('accept-encoding'));
      const coding = bodies[chosen] ? chosen : 'identity';
      const common: Record<string, string> = { ...headers, ...(compressible ? { vary: 'Accept-Encoding' } : {}) };
      const matched = tagsOf(request.headers.get('if-none-match') ?? '').find((tag) => tag === '*' || etags.includes(tag));
      // The client holds these bytes already, in whichever encoding it named.
      if (matched) return new Response(null, { status: 304, headers: { ...common, etag: matched === '*' ? etagOf(coding) : matched } });
      const bytes = bodies[coding]!;
      return new Response(request.method === 'HEAD' ? null : bytes, {
        headers: {
          ...common,
          etag: etagOf(coding),
          'content-type': contentType,
          'content-length': String(bytes.length),
          ...(coding === 'identity' ? {} : { 'content-encoding': coding }),
        },
      });
    },
  };
}
