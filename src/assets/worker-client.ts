// The page side of a decoder worker: one module worker per kind, started on first use and kept for every request
// after it; requests and answers matched by id; a worker that fails to load, crashes or (with a silence limit)
// stops answering is dropped with what it still had, so the next request starts a new one. Imported only by the
// decoders' lazy chunks.

import { LayerWError } from '../errors.js';
import { InvalidContent } from './asset-error.js';

/** A worker's answer to request `id`: its result, or why not (`load`: its decoder did not load; `invalid`: bad data). */
export type WorkerReply<T> =
  | { id: number; result: T }
  | { id: number; failure: 'load' | 'invalid'; message: string };

/** What a WorkerClient needs to know about its worker. */
export interface WorkerClientOptions {
  /**
   * Starts the worker. Written at the call site as `new Worker(new URL('./x-worker.ts', import.meta.url), ...)`,
   * the form bundlers recognise to emit the worker's file.
   */
  start(): Worker;
  /** The decoder, as LOAD_FAILED messages name it: `the Draco decoder (KHR_draco_mesh_compression)`. */
  decoder: string;
  /**
   * How long the worker may go without answering while it has work before it is taken for stuck and replaced,
   * failing each request with InvalidContent naming the request's subject; no limit when absent.
   */
  silenceMs?: number;
}

interface Waiting<T> {
  subject: string;
  resolve: (result: T) => void;
  reject: (error: Error) => void;
}

/**
 * Requests to one kind of decoder worker: `request` posts a message with a fresh id and resolves with the worker's
 * result, rejecting with InvalidContent for bad data and with a LOAD_FAILED LayerWError naming the decoder when the
 * worker or its decoder cannot be loaded. One instance per kind of worker per page.
 */
export class WorkerClient<T> {
  readonly #options: WorkerClientOptions;
  readonly #pending = new Map<number, Waiting<T>>();
  #worker: Worker | null = null;
  #nextId = 1;
  #watchdog: ReturnType<typeof setTimeout> | undefined;

  constructor(options: WorkerClientOptions) {
    this.#options = options;
  }

  /** Starts the worker ahead of the first request, so its decoder loads meanwhile; a failure waits for that request. */
  prepare(): void {
    try {
      this.#started();
    } catch {
      this.#worker = null;
    }
  }

  /**
   * Posts `message` with a fresh `id` (`transfer`: buffers handed over). `subject` names what is asked about (a
   * primitive's path) in the error of a worker that stops answering.
   */
  request<M extends object>(message: M, transfer: Transferable[], subject = ''): Promise<T> {
    return new Promise((resolve, reject) => {
      let worker: Worker;
      try {
        worker = this.#started();
      } catch (cause) {
        reject(this.#loadFailed(String(cause), cause));
        return;
      }
      const id = this.#nextId++;
      this.#pending.set(id, { subject, resolve, reject });
      this.#rearm();
      worker.postMessage({ ...message, id }, transfer);
    });
  }

  #started(): Worker {
    if (this.#worker) return this.#worker;
    const worker = this.#options.start();
    worker.onmessage = (event: MessageEvent<WorkerReply<T>>) => this.#answer(event.data);
    // A worker script that does not load (or throws at the top level) ends here; so does one that crashed.
    worker.onerror = (event) => {
      event.preventDefault();
      const error = this.#loadFailed(event.message || 'its worker did not start');
      this.#drop(() => error);
    };
    return (this.#worker = worker);
  }

  #answer(reply: WorkerReply<T>): void {
    const waiting = this.#pending.get(reply.id);
    if (!waiting) return;
    this.#pending.delete(reply.id);
    this.#rearm();
    if ('result' in reply) waiting.resolve(reply.result);
    else if (reply.failure === 'invalid') waiting.reject(new InvalidContent(reply.message));
    else waiting.reject(this.#loadFailed(reply.message));
  }

  /** Drops the worker and fails what it still had, so the next request starts a new one. */
  #drop(error: (subject: string) => Error): void {
    this.#worker?.terminate();
    this.#worker = null;
    clearTimeout(this.#watchdog);
    for (const { subject, reject } of this.#pending.values()) reject(error(subject));
    this.#pending.clear();
  }

  /** Restarts the silence timer while answers are awaited; stops it when none are. */
  #rearm(): void {
    const limit = this.#options.silenceMs;
    if (limit === undefined) return;
    clearTimeout(this.#watchdog);
    if (this.#pending.size === 0) return;
    this.#watchdog = setTimeout(() => {
      this.#drop((subject) => new InvalidContent(`${subject}: ${this.#options.decoder} did not answer within ${limit / 1000} s`));
    }, limit);
  }

  #loadFailed(message: string, cause?: unknown): LayerWError {
    return new LayerWError('LOAD_FAILED', `${this.#options.decoder} could not be loaded: ${message}`, { cause });
  }
}
