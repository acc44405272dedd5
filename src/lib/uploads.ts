// What an uploaded file is, and how large it may be: the HTTP body's limit (src/server/guards.ts), the walkers
// of a request's variables (src/server/inputs.ts, response-cache.ts) and the File scalar and its resolvers
// (src/schema/inputs.ts) read them here, below both.

/**
 * The whole multipart body of an upload, its file and form fields together: 100,000 rows of a wide kind
 * fit in 50 MB. The one number for uploads, however the body arrives (yoga's own default, 25 MB, is off).
 */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * Whether a variable is an uploaded file. Yoga's multipart parser gives files of its own fetch ponyfill,
 * which are not instances of Node's Blob: a walker that took one for an object went through its bytes
 * one by one (a 3 MB upload held the request thread 4 s, in this check and in the cache's key).
 */
export function isUpload(value: unknown): value is File {
  return typeof value === 'object' && value !== null && typeof (value as File).arrayBuffer === 'function' && typeof (value as File).size === 'number';
}
