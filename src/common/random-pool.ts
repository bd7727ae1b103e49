import { randomBytes, randomFillSync } from 'node:crypto';

/**
 * Random bytes for record ids, nonces and tokens, from a pool the system's CSPRNG fills 4 kB at
 * a time (as Node's own randomUUID caches its entropy): a submission needs several small random
 * values, and a call into the CSPRNG each showed in its profile. Every byte is handed out once.
 */
const POOL_BYTES = 4096;
const MAX_POOLED = 256;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

export function pooledRandomBytes(n: number): Buffer {
  if (n > MAX_POOLED) return randomBytes(n);
  if (offset + n > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = Buffer.allocUnsafe(n);
  pool.copy(out, 0, offset, offset + n);
  // The bytes handed out are not kept in the pool.
  pool.fill(0, offset, offset + n);
  offset += n;
  return out;
}
