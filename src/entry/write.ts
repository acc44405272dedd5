// The frame of every data-entry mutation: switched on by configuration, one transaction, audited.
import type { Context } from '../context.ts';
import { ForbiddenError } from '../errors.ts';
import type { Writer } from './audit.ts';

export function requireDataEntry(ctx: Context): void {
  if (!ctx.dataEntry) throw new ForbiddenError('Data entry is switched off on this server (DATA_ENTRY=true switches it on).');
}

export function writeAs<T>(ctx: Context, work: (writer: Writer) => Promise<T>): Promise<T> {
  requireDataEntry(ctx);
  return ctx.db.$transaction((tx) => work({ tx, actor: ctx.actor, source: 'MUTATION' }));
}
