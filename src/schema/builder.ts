// Builder configuration only; types live in one file per domain type beside this one.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { AUDIT_READERS, RECORD_WRITERS, ROLE_NAMES, TREE_KEEPERS, type Role } from '../access/roles.ts';
import type { Context } from '../context.ts';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import type PrismaTypes from '../generated/pothos-types.ts';
import { getDatamodel } from '../generated/pothos-types.ts';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  Scalars: {
    Date: { Input: Date; Output: Date };
    DateTime: { Input: Date; Output: Date };
    // A multipart upload, as graphql-yoga hands it over: a web File. Input only.
    File: { Input: File; Output: never };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  // The rules every root field and every data field of a unit states (deny by default: see ./index.ts).
  AuthScopes: {
    /** Anyone, signed in or not: only signing in. */
    public: boolean;
    /** Any signed-in user, whatever the role; the subtree is checked by the resolver. */
    signedIn: boolean;
    writesRecords: boolean;
    keepsTree: boolean;
    readsAuditLog: boolean;
    administers: boolean;
    /** A public widget on an embed token. */
    embedded: boolean;
    /** The unit with this id is within the viewer's subtree at some time (records of any year). */
    within: number;
  };
}>({
  // Scope auth comes first, so that its checks run before the other plugins' work.
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin],
  scopeAuth: {
    authScopes: ({ viewer, scope }) => {
      const role = (allowed: readonly Role[]) => viewer.kind === 'user' && allowed.includes(viewer.role);
      return {
        public: true,
        signedIn: viewer.kind === 'user',
        writesRecords: role(RECORD_WRITERS),
        keepsTree: role(TREE_KEEPERS),
        readsAuditLog: role(AUDIT_READERS),
        administers: role(['ADMIN']),
        embedded: viewer.kind === 'embed',
        within: (unitId: number) => scope.covers(unitId),
      };
    },
    unauthorizedError: (_parent, { viewer, scope }, info, result) => {
      const field = `${info.parentType.name}.${info.fieldName}`;
      if (result.failure.kind === 'AuthScope' && result.failure.scope === 'within' && scope.root) {
        return new ForbiddenError(
          `${field} of this unit is outside your area: your account covers ${scope.root.name} (${scope.root.code}) and the units under it.`,
          `${field} của đơn vị này nằm ngoài địa bàn của bạn: tài khoản của bạn phụ trách ${scope.root.name} (${scope.root.code}) và các đơn vị trực thuộc.`,
        );
      }
      if (viewer.kind === 'anonymous') return new UnauthenticatedError(`Sign in first: ${field} needs a bearer token (see docs/access.md).`);
      if (viewer.kind === 'embed')
        return new ForbiddenError(
          `An embed token runs only its widget's operation, not ${field}.`,
          `Mã nhúng chỉ chạy truy vấn của biểu đồ nhúng, không chạy ${field}.`,
        );
      return new ForbiddenError(
        `Your role (${ROLE_NAMES[viewer.role].en}) may not use ${field}.`,
        `Vai trò của bạn (${ROLE_NAMES[viewer.role].vi}) không được dùng ${field}.`,
      );
    },
  },
  // Fields are non-null unless they say otherwise: an absent value is a fact worth typing.
  defaultFieldNullability: false,
  prisma: {
    client: (ctx) => ctx.db,
    dmmf: getDatamodel(),
    // Descriptions are written in the GraphQL files, in English with the Vietnamese terms in parentheses.
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Units are identified by their official codes, so Relay's global ids and node fields are not needed.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    pageInfoTypeOptions: { description: 'Where a page stands in the whole list (Relay cursor pagination).' },
    pageInfoFieldOptions: { description: 'Where this page stands in the whole list.' },
    hasNextPageFieldOptions: { description: 'Whether more items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether items precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first item of the page.' },
    endCursorFieldOptions: { description: 'Cursor of the last item of the page; pass it as `after` for the next page.' },
    cursorFieldOptions: { description: 'Opaque position of this item, for `after` and `before`.' },
    nodeFieldOptions: { description: 'The item.' },
    edgesFieldOptions: { description: 'The items of the page with their cursors.' },
    firstArgOptions: { description: 'How many items to return from the start (at most 100; 20 when omitted).' },
    afterArgOptions: { description: 'Return the items after this cursor (an `endCursor`).' },
    lastArgOptions: { description: 'How many items to return from the end (at most 100).' },
    beforeArgOptions: { description: 'Return the items before this cursor (a `startCursor`).' },
    defaultEdgeTypeOptions: { description: 'An item of a page, with its cursor.' },
  },
});

builder.queryType({ description: 'Read the movement: units, fields, models and exemplars.' });
