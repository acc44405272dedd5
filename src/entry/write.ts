// The frame of every data-entry mutation: one transaction, audited, and held to the viewer's area. Who may
// call a mutation at all is its `authScopes` rule; which units it may touch is checked here and in audit().
import type { Context } from '../context.ts';
import type { Writer } from './audit.ts';

export async function writeAs<T>(ctx: Context, work: (writer: Writer) => Promise<T>): Promise<T> {
  // The tree the area is judged on, and the kept tallies forgotten on, is read before the transaction
  // opens: SQLite has one writer, and a read outside the transaction would wait for it.
  await ctx.facts.tree();
  return ctx.db.$transaction((tx) => work({ tx, actor: ctx.actor, source: 'MUTATION', scope: ctx.scope, tree: ctx.facts.tree }));
}
