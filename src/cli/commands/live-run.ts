import { UsageError } from '../errors';
import type { Scenario } from '../../scenario/scenario.loader';
import { getServiceModel } from '../../experiment/models';
import {
  assembleResult,
  buildArms,
  flattenRuns,
  modelParams,
  type ScenarioResult,
} from '../../experiment/scenario.runner';
import { fmt } from '../../report/format';
import { UnreachableError } from '../errors';
import { renderSummary } from '../../report/summary.report';
import {
  DEFAULT_BASE_URL,
  pacingWarning,
  runLive as runLiveEngine,
  type LiveOptions,
  type LiveResult,
} from '../../experiment/live-engine';
import { decimalNumber } from '../../common/decimal-text';
import { exactOfferedLoadsOfArms } from '../../sim/offered-load';
import { closest } from '../../scenario/suggest';

export type { LiveOptions, LiveResult };
export { DEFAULT_BASE_URL };

/** `run <scenario> --engine bullmq`: replay the scenario live through BullMQ (see src/experiment/live-engine.ts). */
export function runLive(scenario: Scenario, opts: LiveOptions): Promise<LiveResult> {
  const warning = pacingWarning(scenario, opts.speed, opts.seed);
  if (warning) process.stderr.write(`${warning}\n`);
  return runLiveEngine(scenario, opts);
}

/** How long a check of Redis or of a serve may take before the replay gives up on it. */
export const REACH_TIMEOUT_MS = 3000;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s (${what})`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Before a live replay starts: is Redis there, and for --via http, the serve and its admin
 * token? Each failure is the user's to fix, so a UnreachableError naming what was tried and how
 * to start it — found within a few seconds instead of a replay that waits for ever.
 */
export async function checkLiveServices(opts: {
  redisUrl: string;
  via: 'queue' | 'http';
  baseUrl: string;
  adminToken?: string;
}): Promise<void> {
  const { default: Redis } = await import('ioredis');
  const { redisOptionsFromUrl } = await import('../../queue/redis-connections');
  const { redact } = await import('./redact');
  const redis = new Redis({
    ...redisOptionsFromUrl(opts.redisUrl),
    lazyConnect: true,
    connectTimeout: REACH_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError: (Error & { code?: string }) | undefined;
  redis.on('error', (e: Error) => (lastError = e));
  try {
    await withTimeout(
      redis.connect().then(() => redis.ping()),
      REACH_TIMEOUT_MS,
      'connect and PING',
    );
  } catch (err) {
    throw new UnreachableError(
      `--engine bullmq: cannot reach Redis at ${redact(opts.redisUrl)} (${lastError?.code ?? lastError?.message ?? (err as Error).message}). ` +
        'Start one (`redis-server`, or `docker compose up -d redis`) or point --redis-url or REDIS_URL at yours.',
    );
  } finally {
    redis.disconnect();
  }
  if (opts.via !== 'http') return;
  if (!opts.adminToken)
    throw new UnreachableError(
      '--via http: ADMIN_TOKEN is not set; export the admin token the serve at ' +
        `${opts.baseUrl} was started with (ADMIN_TOKEN=… consular-sim run … --via http).`,
    );
  const url = new URL('/replay/arrivals', opts.baseUrl).toString();
  let status: number;
  try {
    // An empty batch: 401 when the token is wrong, 400 (the batch is refused) when it is right.
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.adminToken}` },
      body: '{}',
      signal: AbortSignal.timeout(REACH_TIMEOUT_MS),
    });
    status = res.status;
    await res.body?.cancel();
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const why =
      e.name === 'TimeoutError'
        ? `no answer within ${REACH_TIMEOUT_MS / 1000} s`
        : (e.cause?.code ?? (e.cause as Error | undefined)?.message ?? e.message);
    throw new UnreachableError(
      `--via http: cannot reach ${url} (${why}). Start the API there with ` +
        '`ADMIN_TOKEN=… consular-sim serve --with-workers` (on the same Redis), or pass --base-url.',
    );
  }
  if (status === 401 || status === 403)
    throw new UnreachableError(
      `--via http: ${url} refused ADMIN_TOKEN (${status}); set it to the serve's admin token.`,
    );
  if (status === 404)
    throw new UnreachableError(
      `--via http: ${opts.baseUrl} has no /replay/arrivals (404); is it a consular-sim serve?`,
    );
}

/** `--speed max` → Infinity, else a positive number. */
export function parseSpeed(value: string): number {
  if (value === 'max') return Infinity;
  const n = decimalNumber(value);
  if (!(Number.isFinite(n) && n > 0))
    throw new UsageError(
      `--speed: must be a number greater than 0 or 'max' (got '${value}')${closest(value, ['max']) ? "; did you mean 'max'?" : ''}`,
    );
  return n;
}

/** `--redis-url` (or REDIS_URL): a redis:// or rediss:// URL, as `--workers` takes. */
export function parseRedisUrl(value: string, name: string): string {
  let u: URL | undefined;
  try {
    u = new URL(value);
  } catch {
    u = undefined;
  }
  if (!u || (u.protocol !== 'redis:' && u.protocol !== 'rediss:'))
    throw new UsageError(
      `${name}: must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379 (got '${value}')`,
    );
  return value;
}

/** `--base-url`: an http(s) URL with no path, query or credentials. */
export function parseBaseUrl(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(
      `--base-url: must be an http:// or https:// URL such as ${DEFAULT_BASE_URL} (got '${value}')`,
    );
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || u.search)
    throw new UsageError(
      `--base-url: must be an http:// or https:// URL such as ${DEFAULT_BASE_URL} (got '${value}')`,
    );
  return u.origin;
}

/**
 * The live replay as a one-replication ScenarioResult: the same metrics and derived figures
 * the kernel computes from its replication 1, put together by the kernel's own assembleResult,
 * so the kernel's summary renders it and `--json` prints it with the kernel's keys.
 */
export function liveScenarioResult(
  scenario: Scenario,
  live: LiveResult,
  baseSeed = scenario.seed,
): ScenarioResult {
  const model = getServiceModel(scenario.model);
  const params = modelParams(scenario);
  const runs = Object.fromEntries(Object.entries(live.arms).map(([arm, a]) => [arm, a.run]));
  let derived: Record<string, number> = {};
  try {
    derived = model.derive ? model.derive(params as never, runs, scenario) : {};
  } catch {
    // Derived figures may need every arm (--arm chose fewer): the per-arm tables still print.
  }
  // The base seed, as the kernel's summary shows it; replication 1 draws from a seed derived from it.
  return assembleResult(
    scenario,
    model,
    params,
    Object.keys(live.arms),
    baseSeed,
    [flattenRuns(runs, derived)],
    runs,
    live.wallSeconds,
    exactOfferedLoadsOfArms(buildArms(model, params, scenario)),
  );
}

/**
 * How the live replay ran on BullMQ, as `run --engine bullmq --json` prints it under `live`
 * beside the kernel's keys: the figures the text summary gives after the station tables (each
 * arm's summary itself is `firstReplication`). `speed` is 'max' or model minutes per wall minute.
 */
export function liveRunFacts(live: LiveResult) {
  return {
    engine: live.engine,
    via: live.via,
    speed: Number.isFinite(live.speed) ? live.speed : 'max',
    replicationSeed: live.seed,
    wallSeconds: live.wallSeconds,
    jobs: live.jobs,
    jobsPerSecond: live.jobsPerSecond,
    lateArrivals: live.lateArrivals,
    lateStarts: live.lateStarts,
    reordered: live.reordered,
    // Each arm's figures; its summary is firstReplication, and its lateness histograms are
    // bench:pacing's (runLive's result).
    arms: Object.fromEntries(
      Object.entries(live.arms).map(([arm, { run: _run, lateness: _late, ...facts }]) => [
        arm,
        facts,
      ]),
    ),
  };
}

/**
 * `run --engine bullmq --json`: the kernel's `run --json` for the replay (the same keys, with
 * replications 1), without the time series as there, and `live`, how it ran on BullMQ.
 */
export function liveJson(scenario: Scenario, live: LiveResult, baseSeed = scenario.seed) {
  const { timeseries: _ts, ...rest } = liveScenarioResult(scenario, live, baseSeed);
  return { ...rest, live: liveRunFacts(live) };
}

/** The kernel's summary of the live replay (each arm), then how it ran on BullMQ and how far it fell behind. */
export function renderLive(
  scenario: Scenario,
  r: LiveResult,
  baseSeed = scenario.seed,
  allStations = false,
): string {
  const out: string[] = [];
  out.push(renderSummary(liveScenarioResult(scenario, r, baseSeed), { allStations }));
  out.push('');
  out.push(
    `Live replay on BullMQ (via ${r.via}): seed ${baseSeed}, replayed as the kernel's replication 1 (whose streams start from ${r.seed}, derived from ${baseSeed}), so \`consular-sim run\` with --seed ${baseSeed} --replications 1 gives the same figures; speed ${Number.isFinite(r.speed) ? `${r.speed}×` : 'max'}; ` +
      `${r.wallSeconds.toFixed(2)} s wall, ${r.jobs} jobs, ${fmt(r.jobsPerSecond, 0)} jobs/s`,
  );
  for (const [arm, a] of Object.entries(r.arms)) {
    out.push(
      `  ${arm === 'main' ? 'jobs' : `arm ${arm}: jobs`} ${a.jobs} in ${a.wallSeconds.toFixed(2)} s (${fmt(a.jobsPerSecond, 0)}/s); ` +
        `not on time: ${a.lateArrivals} arrivals, ${a.lateStarts} service starts; ` +
        `${a.reordered} jobs taken out of model-time order (reordered by the station clocks)`,
    );
  }
  return out.join('\n');
}
