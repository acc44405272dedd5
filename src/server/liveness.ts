// What keeps the server answering, and what shows that it does (issue 14): the event loop's delay over the
// last half minute or so, answered on /metrics, and a time budget per operation, after which the API
// answers 503 with a code instead of leaving a client, a reverse proxy or Node's own timeouts to cut the
// request without an answer. docs/performance.md and docs/access.md (Hardening) give the limits.
import { getOperationAST, GraphQLError, type ExecutionResult } from 'graphql';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Plugin } from 'graphql-yoga';
import { threadFigures } from '../analytics/thread.ts';
import { importThreadFigures } from '../import/index.ts';

export const METRICS_PATH = '/metrics';

/** How long one operation may run, from the start of its execution (its body has arrived by then). */
export const OPERATION_BUDGET_MS = 120_000;

/** What a 503 asks the client to wait: long enough for a heavy computation that goes on to finish. */
export const RETRY_AFTER_SECONDS = 30;

// Node's histogram records every interval of its timer, the resolution included: the delay is the rest.
export const EVENT_LOOP_RESOLUTION_MS = 10;
const WINDOW_MS = 30_000;

export interface EventLoopFigures {
  /** Milliseconds the event loop was late, beyond the sampling timer's own interval. */
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export interface EventLoopDelay extends EventLoopFigures {
  /** How long the figures cover: between one and two windows (30–60 s) once the process has run a minute. */
  seconds: number;
}

/** The figures of a histogram of monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS }), in ms. */
export function delayFigures(histogram: IntervalHistogram): EventLoopFigures {
  if (histogram.count === 0) return { p50: 0, p99: 0, max: 0, mean: 0 };
  const delay = (nanoseconds: number) => Math.round(Math.max(0, nanoseconds / 1e6 - EVENT_LOOP_RESOLUTION_MS) * 10) / 10;
  return { p50: delay(histogram.percentile(50)), p99: delay(histogram.percentile(99)), max: delay(histogram.max), mean: delay(histogram.mean) };
}

/**
 * Two histograms reset in turn every window, and the older one read: the figures always cover the last
 * 30 to 60 s, with exact percentiles (an ELD histogram cannot be merged into another). A block that spans
 * a reset is still whole in the other histogram, which is the one read until the next reset.
 */
function startEventLoopDelay(): () => EventLoopDelay {
  const histograms = [monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS }), monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS })];
  const since = [performance.now(), performance.now()];
  for (const histogram of histograms) histogram.enable();
  let next = 0;
  setInterval(() => {
    histograms[next]!.reset();
    since[next] = performance.now();
    next = 1 - next;
  }, WINDOW_MS).unref();
  return () => {
    const older = since[0]! <= since[1]! ? 0 : 1;
    return { ...delayFigures(histograms[older]!), seconds: Math.round((performance.now() - since[older]!) / 100) / 10 };
  };
}

// One event loop per process, so one monitor for every server of it (tests and benchmarks start several).
let eventLoopReader: (() => EventLoopDelay) | undefined;

/** The event loop's delay over the last 30–60 s; the monitor starts at the first call. */
export function eventLoopDelay(): EventLoopDelay {
  eventLoopReader ??= startEventLoopDelay();
  return eventLoopReader();
}

/** What one server counts for /metrics. */
export interface Liveness {
  timedOut: number;
}

/**
 * /metrics: the event loop's delay, the operations answered 503 for their time and the work of the
 * analytics and import threads (src/threads.ts: tasks sent, running, failed, threads started; for the
 * analytics thread, tasks computed here because a tree change overtook them), as JSON, with no
 * database read, so that it answers as quickly as /health and shows what /health cannot: how late the
 * server is. Public, like /health; restrict it at the reverse proxy if its figures should stay inside.
 */
export function useMetrics(liveness: Liveness): Plugin {
  eventLoopDelay();
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== METRICS_PATH || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      const figures = {
        status: 'ok',
        uptimeSeconds: Math.round(process.uptime()),
        eventLoop: eventLoopDelay(),
        operations: { timedOut: liveness.timedOut },
        analyticsThread: threadFigures,
        importThread: importThreadFigures,
      };
      endResponse(fetchAPI.Response.json(figures, { headers: { 'cache-control': 'no-store' } }));
    },
  };
}

/** An operation that ran out of its time budget; a mutation may still complete after this answer. */
export class OperationTimeoutError extends GraphQLError {
  constructor(budgetMs: number, mutation: boolean) {
    const seconds = budgetMs / 1000;
    super(
      mutation
        ? `The change did not finish within the ${seconds} s a request may run; it may still be written: read it before sending it again.`
        : `The answer was not ready within the ${seconds} s a request may run; try again in a moment.`,
      { extensions: { code: 'REQUEST_TIMEOUT', http: { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } } } },
    );
  }
}

/**
 * Races each operation's execution against its budget. The work itself cannot be stopped half-way (a
 * statement sent, a transaction open), so it goes on after the 503: a computation keeps what it stores
 * (kept tallies), and a write completes or rolls back as it would have.
 */
export function useOperationBudget(budgetMs: number, liveness: Liveness): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const mutation = getOperationAST(args.document, args.operationName)?.operation === 'mutation';
      setExecuteFn(async (executionArgs) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<ExecutionResult>((resolve) => {
          timer = setTimeout(() => {
            liveness.timedOut++;
            resolve({ errors: [new OperationTimeoutError(budgetMs, mutation)] });
          }, budgetMs);
        });
        try {
          return await Promise.race([executeFn(executionArgs), timeout]);
        } finally {
          clearTimeout(timer);
        }
      });
    },
  };
}
