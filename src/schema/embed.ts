// Public widgets on signed embed tokens. A token grants one indicator, one unit, a range of years and a
// chart type; the widget's one persisted operation (src/embed/operation.ts) reads them from the token, so
// nothing a page changes in the widget's attributes can widen what it shows. Its record says where it may be
// shown (portal origins) and until when (no expiry by default). See docs/widgets.md.
import {
  EMBED_EXPIRY_WARNING_DAYS,
  embedSnippet,
  embedTokensExpiringSoon,
  expiresSoon,
  issueEmbedToken,
  MAX_EMBED_DAYS,
  revokeEmbedToken,
} from '../access/accounts.ts';
import { portalOriginsFrom } from '../access/portals.ts';
import type { EmbedGrant } from '../access/tokens.ts';
import { ForbiddenError } from '../errors.ts';
import { builder } from './builder.ts';
import { Coverage, coverageOf, seriesOf } from './coverage.ts';

const ChartType = builder.enumType('ChartType', {
  description: 'How a widget draws its coverage.',
  values: {
    bar: { description: 'Bars per unit below.' },
    line: { description: 'The trend over the years.' },
    gauge: { description: 'One ratio against its target.' },
    table: { description: 'A table only.' },
  },
});

builder.prismaObject('EmbedToken', {
  description: 'An embed token issued for a public widget (the token itself is shown once, at issue).',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Its id (the `jti` claim), for revoking it.' }),
    indicator: t.exposeString('indicator', { description: 'Indicator code it shows.' }),
    unit: t.exposeString('unitCode', { description: 'Unit code it shows.' }),
    fromYear: t.exposeInt('fromYear', { description: 'First year it may show.' }),
    toYear: t.exposeInt('toYear', { description: 'Last year it may show.' }),
    chart: t.exposeString('chart', { description: 'Chart type.' }),
    label: t.exposeString('label', { nullable: true, description: 'Where it is embedded.' }),
    issuedBy: t.exposeString('issuedBy', { description: 'Who issued it.' }),
    issuedAt: t.expose('issuedAt', { type: 'DateTime', description: 'When.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'When it stops working; null: never.' }),
    expiresSoon: t.boolean({
      description: `Whether it still works and expires within ${EMBED_EXPIRY_WARNING_DAYS} days: its portal's charts will stop then, unless it is replaced.`,
      resolve: (token) => expiresSoon(token, new Date()),
    }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, description: 'When it was revoked, if it was.' }),
    portalOrigins: t.stringList({
      nullable: true,
      description: 'The origins of the portal pages that may show it; null: those of the server’s CORS_ORIGINS (tokens issued without any).',
      resolve: (token) => portalOriginsFrom(token.portalOrigins),
    }),
  }),
});

const IssuedEmbedToken = builder
  .objectRef<{ id: string; token: string; expiresAt: Date | null; portalOrigins: string[] | null; snippet: string }>('IssuedEmbedToken')
  .implement({
    description: 'A new embed token, with the HTML to paste into the portal.',
    fields: (t) => ({
      id: t.exposeString('id', { description: 'Its id, for revoking it.' }),
      token: t.exposeString('token', { description: 'The signed token; it is shown only now.' }),
      expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'When it stops working; null: never.' }),
      portalOrigins: t.exposeStringList('portalOrigins', {
        nullable: true,
        description: 'The origins of the portal pages that may show it, as stored; null: those of CORS_ORIGINS.',
      }),
      snippet: t.exposeString('snippet', { description: 'The widget script and element, ready to paste.' }),
    }),
  });

const EmbedTokenInput = builder.inputType('EmbedTokenInput', {
  description: 'What a public widget may show, where, and for how long.',
  fields: (t) => ({
    indicator: t.string({ required: true, description: 'Indicator code.' }),
    unit: t.string({ required: true, description: 'Unit code.' }),
    fromYear: t.int({ required: true, description: 'First year it may show.' }),
    toYear: t.int({ required: true, description: 'Last year it may show (and the year it shows by default).' }),
    chart: t.field({ type: ChartType, required: true, description: 'Chart type.' }),
    days: t.int({
      description: `Days until it expires, at most ${MAX_EMBED_DAYS} (five years); omitted or null, it never expires (revoke it when the page goes).`,
    }),
    portalOrigins: t.stringList({
      description:
        'Origins of the portal pages that may show it (scheme, host and port, e.g. "https://backan.gov.vn"): widgets on other sites are refused with EMBED_ORIGIN_NOT_ALLOWED, and only these may frame its iframe page. Omitted or empty: the server’s CORS_ORIGINS.',
    }),
    label: t.string({ description: 'Where it is embedded, e.g. "Cổng thông tin tỉnh, trang chủ".' }),
  }),
});

type Grant = EmbedGrant & { year: number };

const EmbeddedChart = builder.objectRef<Grant>('EmbeddedChart').implement({
  description: 'What an embed token lets a widget show: its chart type, years and coverage.',
  fields: (t) => ({
    chart: t.field({ type: ChartType, description: 'Chart type the token sets.', resolve: (grant) => grant.chart }),
    fromYear: t.int({ description: 'First year the token allows.', resolve: (grant) => grant.fromYear }),
    toYear: t.int({ description: 'Last year the token allows.', resolve: (grant) => grant.toYear }),
    coverage: t.field({
      type: Coverage,
      nullable: true,
      description: 'The coverage for the year asked; null if the indicator or unit has since been removed.',
      resolve: (grant, _args, ctx) => coverageOf(ctx, grant.indicator, grant.unit, { from: grant.year, to: grant.year }),
    }),
    series: t.field({
      type: [Coverage],
      description: 'The coverage for each year the token allows, up to the year asked.',
      resolve: async (grant, _args, ctx) => {
        const subject = await coverageOf(ctx, grant.indicator, grant.unit, { from: grant.year, to: grant.year });
        return subject ? seriesOf(subject, { from: grant.fromYear, to: grant.year }) : [];
      },
    }),
  }),
});

builder.queryFields((t) => ({
  embeddedChart: t.field({
    authScopes: { embedded: true },
    type: EmbeddedChart,
    description: 'For widgets on an embed token: the chart the token grants. Other viewers have no use for it.',
    args: { year: t.arg.int({ description: 'A year within the token’s range (its last year when omitted).' }) },
    resolve: (_root, { year }, ctx) => {
      if (ctx.viewer.kind !== 'embed') throw new ForbiddenError('embeddedChart answers embed tokens only.', 'embeddedChart chỉ trả lời mã nhúng.');
      const { grant } = ctx.viewer;
      const shown = year ?? grant.toYear;
      if (shown < grant.fromYear || shown > grant.toYear) {
        throw new ForbiddenError(
          `This embed token shows ${grant.fromYear}–${grant.toYear}, not ${shown}.`,
          `Mã nhúng này hiển thị các năm ${grant.fromYear}–${grant.toYear}, không có năm ${shown}.`,
        );
      }
      return { ...grant, year: shown };
    },
  }),
  embedTokens: t.prismaField({
    authScopes: { administers: true },
    type: ['EmbedToken'],
    description: 'Every embed token issued in your area, newest first.',
    args: {
      expiresSoon: t.arg.boolean({
        description: `true: only the live tokens that expire within ${EMBED_EXPIRY_WARNING_DAYS} days, the ones to replace before their charts stop.`,
      }),
    },
    resolve: async (query, _root, args, ctx) => {
      const tokens = await ctx.db.embedToken.findMany({
        ...query,
        where: args.expiresSoon ? embedTokensExpiringSoon(new Date()) : {},
        orderBy: { issuedAt: 'desc' },
      });
      const shown = await Promise.all(tokens.map((token) => ctx.scope.coversCode(token.unitCode)));
      return tokens.filter((_token, index) => shown[index]);
    },
  }),
}));

builder.mutationFields((t) => ({
  issueEmbedToken: t.field({
    authScopes: { administers: true },
    type: IssuedEmbedToken,
    description: 'Issues a signed embed token for a public widget on the portals named, with the HTML snippet to paste. Administrators only.',
    args: {
      input: t.arg({ type: EmbedTokenInput, required: true, description: 'What it may show.' }),
      origin: t.arg.string({ description: 'Origin of this server as the portal reaches it, for the snippet (e.g. "https://dvk.example.gov.vn").' }),
    },
    resolve: async (_root, { input, origin }, ctx) => {
      if (!ctx.keys) throw new Error('the server has no signing key');
      const grant: EmbedGrant = { indicator: input.indicator, unit: input.unit, fromYear: input.fromYear, toYear: input.toYear, chart: input.chart };
      const issued = await issueEmbedToken(ctx.db, ctx.keys, grant, {
        days: input.days,
        portalOrigins: input.portalOrigins,
        label: input.label,
        issuedBy: ctx.actor,
        scope: ctx.scope,
        audited: true,
      });
      return { ...issued, snippet: embedSnippet(origin ?? '', issued.token, grant) };
    },
  }),
  revokeEmbedToken: t.prismaField({
    authScopes: { administers: true },
    type: 'EmbedToken',
    description: 'Revokes an embed token: widgets using it stop showing data at their next request.',
    args: { id: t.arg.string({ required: true, description: 'The token’s id.' }) },
    resolve: async (query, _root, { id }, ctx) => {
      const token = await ctx.db.embedToken.findUnique({ where: { id }, select: { unitCode: true } });
      if (token && !(await ctx.scope.coversCode(token.unitCode)))
        throw new ForbiddenError(`Embed token ${id} shows a unit outside your area.`, `Mã nhúng ${id} hiển thị một đơn vị nằm ngoài địa bàn của bạn.`);
      const revoked = await revokeEmbedToken(ctx.db, id, ctx.actor);
      return ctx.db.embedToken.findUniqueOrThrow({ ...query, where: { id: revoked.id } });
    },
  }),
}));
