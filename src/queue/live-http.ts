import type { Redis } from 'ioredis';
import { UserError } from '../common/user-error';
import { liveQueueName, liveStationsKey } from './queue-names';
import type { LiveJob } from './live-coordinator';

/** Arrivals per POST /replay/arrivals: about 70 bytes each, well inside the API's default 16 kB body limit. */
export const REPLAY_BATCH_MAX = 150;
/**
 * Tries per batch when the serve answers 429 or 503 (rate limit, Redis briefly away) or does
 * not answer at all (restarting): about 25 s of back-off in all.
 */
const RETRIES = 8;
const backoffMs = (attempt: number) => 100 * 2 ** attempt;
/** Serves that have answered in this process. */
const answered = new Set<string>();

export interface ReplayArrivalsBody {
  /** The replay's run id: its queues live under livePrefix(run). */
  run: string;
  arrivals: (LiveJob & { station: string })[];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * `--via http`: posts a batch of arrivals to a running `consular-sim serve`, which adds them
 * to the replay's station queues (src/replay/). Retries 429 and 503 after Retry-After (or a
 * short back-off); any other answer stops the replay with the serve's message.
 */
export async function postReplayArrivals(
  baseUrl: string,
  body: ReplayArrivalsBody,
  adminToken?: string,
): Promise<void> {
  const url = new URL('/replay/arrivals', baseUrl).toString();
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(adminToken ? { authorization: `Bearer ${adminToken}` } : {}),
        },
        body: JSON.stringify(body),
      });
    } catch (err) {
      // A serve that answered before and now does not is restarting (refused or reset
      // connection): try again after the same back-off. A batch it added before it went away
      // comes again; the replay takes each job once (LiveCoordinator.deliver). A serve never
      // reached fails at once.
      if (answered.has(url) && attempt < RETRIES) {
        await sleep(backoffMs(attempt));
        continue;
      }
      throw new UserError(
        undefined,
        '--via http',
        `cannot reach ${url} (${(err as Error).message}); is 'consular-sim serve' running there?`,
      );
    }
    answered.add(url);
    if (res.ok) return;
    const text = await res.text().catch(() => '');
    if ((res.status === 429 || res.status === 503) && attempt < RETRIES) {
      const retryAfter = Number(res.headers.get('retry-after'));
      await sleep(
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoffMs(attempt),
      );
      continue;
    }
    // Too large for the serve's BODY_LIMIT_KB: a batch is counted in arrivals, not bytes, and a
    // long station id or a lower limit made it larger than the limit. Sent again in halves.
    if (res.status === 413 && body.arrivals.length > 1) {
      const half = Math.ceil(body.arrivals.length / 2);
      await postReplayArrivals(
        baseUrl,
        { ...body, arrivals: body.arrivals.slice(0, half) },
        adminToken,
      );
      await postReplayArrivals(
        baseUrl,
        { ...body, arrivals: body.arrivals.slice(half) },
        adminToken,
      );
      return;
    }
    const answer = `POST ${url} answered ${res.status}: ${text.slice(0, 300)}`;
    if (res.status === 413)
      throw new UserError(
        undefined,
        '--via http',
        `${answer} (one arrival alone); raise the serve's BODY_LIMIT_KB, or replay with --via queue`,
      );
    // A serve that stays busy or without its Redis, or refuses the token, is the operator's to
    // set right; any other answer (a 500, a 400 to what this code sent) is a bug.
    if (res.status === 429 || res.status === 503)
      throw new UserError(
        undefined,
        '--via http',
        `${answer} (still, after ${RETRIES} tries over about 25 s); check the serve's health (GET /health: its Redis) and its rate limits, then run again`,
      );
    if (res.status === 401 || res.status === 403)
      throw new UserError(
        undefined,
        '--via http',
        `${answer}; export the ADMIN_TOKEN the serve was started with`,
      );
    throw new Error(`--via http: ${answer}`);
  }
}

/**
 * The BullMQ queue of a station in the live replay (BullMQ forbids ':' in names; station ids such
 * as mission:x have it). Every other character is escaped at a fixed width, `%XX` below U+0100
 * and `%uXXXX` above (one per UTF-16 unit), so two station ids never share a queue: the code in
 * hex at its own length had written `room–` (U+2013) and `room 13` (a space, then 13) both as
 * `room%2013`, and each station's worker took the other's customers.
 */
export function liveStationQueue(station: string): string {
  return liveQueueName(
    station.replace(/[^A-Za-z0-9_.@-]/g, (ch) => {
      const code = ch.charCodeAt(0);
      return code < 0x100
        ? `%${code.toString(16).padStart(2, '0')}`
        : `%u${code.toString(16).padStart(4, '0')}`;
    }),
  );
}

/**
 * How long a replay's registration lives unless it is refreshed (every LIVE_RUN_REFRESH_MS while
 * the replay runs), so that a replay killed before it could remove it leaves nothing the serve
 * would add to for long. Assumption: 10 minutes; a Redis outage that long stops a replay anyway
 * (a batch's RETRIES span about 25 s).
 */
export const LIVE_RUN_TTL_SECONDS = 600;
export const LIVE_RUN_REFRESH_MS = 60_000;

/**
 * Registers a live replay's stations for POST /replay/arrivals: the serve adds only to a run
 * that is registered and only to its stations, so a batch for a station no worker takes (a
 * typo, `nope`, `__proto__`) is a 400 instead of jobs that stay in Redis for ever. Called again
 * to refresh it (the set is written whole, so a registration lost with Redis comes back).
 */
export async function registerLiveRun(
  redis: Pick<Redis, 'multi'>,
  runId: string,
  stations: readonly string[],
): Promise<void> {
  const key = liveStationsKey(runId);
  const replies = await redis
    .multi()
    .sadd(key, ...stations)
    .expire(key, LIVE_RUN_TTL_SECONDS)
    .exec();
  const failed = replies?.find(([err]) => err)?.[0];
  if (failed) throw failed;
}

/** Ends a replay's registration: later batches for the run are refused. */
export async function unregisterLiveRun(redis: Pick<Redis, 'del'>, runId: string): Promise<void> {
  await redis.del(liveStationsKey(runId));
}
