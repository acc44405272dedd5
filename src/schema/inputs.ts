// Scalars and argument checks shared by every domain type: each bad value gets an InputError that names
// the argument, the value and what would be accepted.
import type { Context } from '../context.ts';
import { calendarDay, FIRST_DAY_YEAR, FIRST_YEAR, LAST_YEAR } from '../entry/rules.ts';
import { InputError } from '../errors.ts';
import { isUpload, MAX_UPLOAD_BYTES } from '../lib/uploads.ts';
import { builder } from './builder.ts';
import { getOrMake } from '../lib/maps.ts';

/** The largest page a connection answers; asking for more is an error rather than a silent cut. */
export const MAX_PAGE_SIZE = 100;

function parseDay(value: unknown): Date {
  const parts = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  const day = parts ? calendarDay(Number(parts[1]), Number(parts[2]), Number(parts[3])) : 'not a day';
  if (day === 'out of range') throw new InputError(`${value} is out of range: dates run from ${FIRST_DAY_YEAR} to ${LAST_YEAR}`);
  if (day === 'not a day') throw new InputError(`${JSON.stringify(value)} is not a date: write it as YYYY-MM-DD, e.g. "2020-02-01"`);
  return day;
}

builder.scalarType('Date', {
  description: 'A calendar day (ngày) written YYYY-MM-DD, e.g. "2020-02-01".',
  serialize: (value) => value.toISOString().slice(0, 10),
  parseValue: parseDay,
});

builder.scalarType('DateTime', {
  description: 'A moment in time, written ISO 8601 in UTC, e.g. "2026-11-26T07:50:00.000Z".',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const moment = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(moment.getTime())) throw new InputError(`${JSON.stringify(value)} is not a moment: write it ISO 8601, e.g. "2026-11-26T07:50:00Z"`);
    return moment;
  },
});

builder.scalarType('File', {
  description: 'A file sent as a multipart upload (GraphQL multipart request spec); only accepted as a variable.',
  parseValue: (value) => {
    if (!isUpload(value)) throw new InputError('file: send the file as a multipart upload (GraphQL multipart request), not as text');
    return value;
  },
  parseLiteral: () => {
    throw new InputError('file: a file can only be sent as a multipart upload variable');
  },
  serialize: () => {
    throw new Error('File is an input-only scalar');
  },
});

/** Refuses a file larger than an upload may be. Over HTTP the body's limit (src/server/guards.ts) refuses it first; this holds for other callers. */
export function checkUpload(file: File): void {
  if (file.size > MAX_UPLOAD_BYTES) throw new InputError(`file: ${file.size} bytes is more than the ${MAX_UPLOAD_BYTES} an upload may have`);
}

export function checkYear(name: string, year: number): number {
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    throw new InputError(`${name} must be a year between ${FIRST_YEAR} and ${LAST_YEAR}, got ${year}`);
  }
  return year;
}

type PageArgs = { first?: number | null; last?: number | null; after?: string | null; before?: string | null };

/** What a connection's cursors hold: a numeric id, a code, or an offset in a computed list. */
type CursorKind = 'id' | 'code' | 'offset';

const cursorShapes: Record<CursorKind, RegExp> = {
  id: /^GPC:N:\d{1,9}$/,
  code: /^GPC:S:.{1,64}$/,
  offset: /^OffsetConnection:\d{1,7}$/,
};

/**
 * Checks a page's size and cursors. Pothos would silently cut an oversized page, and a well-formed cursor
 * of the wrong kind (a code where an id is expected) would reach the database as a type error.
 */
export function checkPage(args: PageArgs, cursors: CursorKind): number {
  if (args.first != null && args.last != null) throw new InputError('give either first (with after) or last (with before), not both');
  for (const name of ['first', 'last'] as const) {
    const size = args[name];
    if (size != null && size > MAX_PAGE_SIZE) {
      throw new InputError(`${name} must be between 0 and ${MAX_PAGE_SIZE}, got ${size}; page through larger results with "after"`);
    }
  }
  for (const name of ['after', 'before'] as const) {
    const cursor = args[name];
    if (cursor != null && !cursorShapes[cursors].test(Buffer.from(cursor, 'base64').toString('utf8'))) {
      throw new InputError(`${name}: ${JSON.stringify(cursor.slice(0, 80))} is not a cursor of this list; pass an endCursor or startCursor it gave`);
    }
  }
  return MAX_PAGE_SIZE;
}

/** A connection's `maxSize` that also checks its cursors (see checkPage). */
export const pagedBy = (cursors: CursorKind) => (args: PageArgs) => checkPage(args, cursors);

/**
 * A connection's filter, computed once for its page and its totalCount: Pothos resolves the two separately
 * with the same args object, and a filter may need a lookup first (the unit an `under` code names).
 */
export function oncePerArgs<Args extends object, Where>(compute: (ctx: Context, args: Args) => Promise<Where>) {
  const computed = new WeakMap<Args, Promise<Where>>();
  return (ctx: Context, args: Args): Promise<Where> => getOrMake(computed, args, () => compute(ctx, args));
}
