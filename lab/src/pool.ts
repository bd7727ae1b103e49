/**
 * A pool of simulation workers, one per core. Requests queue and go to the next free
 * worker; `cancel()` ends every worker at once (a long replication cannot be interrupted
 * otherwise) and the pool starts fresh ones on the next request. A request given an
 * AbortSignal is cancelled the same way when it aborts, alone: taken off the queue, or its
 * worker ended (the others, busy with another run, go on).
 */
import type { CheckResult, Request, Response } from './engine/protocol';

type Pending = {
  req: Request;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: (f: number) => void;
};

type Slot = { w: Worker; busy?: Pending };

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export class ScenarioCheckError extends Error {
  constructor(readonly errors: CheckResult['errors']) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'ScenarioCheckError';
  }
}

/** A user error raised while a replication ran (the in-system limit): the scenario itself is valid. */
export class RunStoppedError extends Error {
  constructor(readonly errors: CheckResult['errors']) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'RunStoppedError';
  }
}

/**
 * A worker that failed as a whole (its script did not load, or it raised an error its own
 * handler did not catch): the request is not answered, and the worker is not used again.
 */
export class WorkerFailedError extends Error {
  constructor(detail: string) {
    super(detail || 'the simulation worker failed');
    this.name = 'WorkerFailedError';
  }
}

type Payload<T extends Request['type']> = Omit<Extract<Request, { type: T }>, 'id'>;

export class WorkerPool {
  private workers: Slot[] = [];
  private queue: Pending[] = [];
  private nextId = 1;
  readonly size: number;

  constructor(size = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 16))) {
    this.size = size;
  }

  private spawn(): Slot {
    const w = new Worker(new URL('./engine/sim.worker.ts', import.meta.url), {
      type: 'module',
      name: 'consular-sim',
    });
    const slot: Slot = { w };
    w.onmessage = (e: MessageEvent<Response>) => {
      const p = slot.busy;
      if (!p || e.data.id !== p.req.id) return;
      if (e.data.type === 'progress') {
        p.onProgress?.(e.data.fraction);
        return;
      }
      slot.busy = undefined;
      if (e.data.type === 'ok') p.resolve(e.data.value);
      else if (e.data.errors?.length)
        p.reject(
          e.data.runTime
            ? new RunStoppedError(e.data.errors)
            : new ScenarioCheckError(e.data.errors),
        );
      else p.reject(new Error(e.data.message));
      this.pump();
    };
    w.onerror = (e) => {
      const p = slot.busy;
      slot.busy = undefined;
      e.preventDefault();
      // A worker whose script failed to load (a server restarted, a dropped connection on a
      // classroom network) answers nothing: left in the pool, it would take the next request
      // and the page would wait for it for ever. It goes; the next request starts a fresh one.
      w.terminate();
      this.workers = this.workers.filter((s) => s !== slot);
      p?.reject(new WorkerFailedError(e.message ?? ''));
      this.pump();
    };
    this.workers.push(slot);
    return slot;
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.workers.find((s) => !s.busy);
      if (!slot && this.workers.length < this.size) slot = this.spawn();
      if (!slot) return;
      const p = this.queue.shift() as Pending;
      slot.busy = p;
      slot.w.postMessage(p.req);
    }
  }

  request<T, K extends Request['type']>(
    type: K,
    payload: Omit<Payload<K>, 'type'>,
    onProgress?: (f: number) => void,
    signal?: AbortSignal,
  ): Promise<T> {
    const req = { ...payload, type, id: this.nextId++ } as unknown as Request;
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(new CancelledError());
      const p: Pending = { req, resolve: resolve as (v: unknown) => void, reject, onProgress };
      signal?.addEventListener('abort', () => this.drop(p), { once: true });
      this.queue.push(p);
      this.pump();
    });
  }

  /** Cancels one request: off the queue, or its worker ended (a fresh one takes the queue on). */
  private drop(p: Pending): void {
    const queued = this.queue.indexOf(p);
    if (queued >= 0) this.queue.splice(queued, 1);
    const slot = this.workers.find((s) => s.busy === p);
    if (queued < 0 && !slot) return; // already answered
    if (slot) {
      slot.busy = undefined;
      slot.w.terminate();
      this.workers = this.workers.filter((s) => s !== slot);
    }
    p.reject(new CancelledError());
    this.pump();
  }

  cancel(): void {
    const pending = [...this.queue, ...this.workers.flatMap((s) => (s.busy ? [s.busy] : []))];
    this.queue = [];
    for (const s of this.workers) s.w.terminate();
    this.workers = [];
    for (const p of pending) p.reject(new CancelledError());
  }
}
