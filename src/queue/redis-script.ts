import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script the services run on Redis, sent by EVALSHA: its text goes over the wire only the
 * first time a Redis sees it, or again after Redis lost its script cache (a restart, SCRIPT
 * FLUSH), when EVALSHA answers NOSCRIPT and the call falls back to EVAL, which loads it. Made
 * once per script, at module load (the sha1 is computed then, not per call).
 */
export class RedisScript {
  /** The script's SHA1, as Redis names it (SCRIPT LOAD, EVALSHA). */
  readonly sha: string;

  constructor(readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  /**
   * Runs the script with `numKeys` keys first in `args`, then its arguments: EVALSHA, or EVAL
   * when Redis does not hold the script. Any other error (the script's own, a timeout, a closed
   * connection) is thrown as EVAL would have thrown it, without a second try.
   */
  async run(redis: Redis, numKeys: number, args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, numKeys, ...args);
    } catch (err) {
      if (!isNoScript(err)) throw err;
      return redis.eval(this.lua, numKeys, ...args);
    }
  }
}

/** Redis's answer to EVALSHA for a script it does not hold. */
function isNoScript(err: unknown): boolean {
  return String((err as Error)?.message).startsWith('NOSCRIPT');
}
