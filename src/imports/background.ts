import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '../platform/logger.js';
import { AppError } from '../platform/errors.js';

/**
 * Imports running in this process after their request was answered. Closing the app aborts them
 * (each stops after the batch it is writing and is marked failed, its committed rows kept) and
 * waits for them, so the database is never closed under a running import.
 */
export class BackgroundImports {
  readonly #running = new Map<string, { controller: AbortController; done: Promise<void> }>();

  constructor(private readonly logger: Logger) {}

  /** Runs `work` in the background; `cleanup` runs after it, whatever happened. */
  start(id: string, work: (signal: AbortSignal) => Promise<unknown>, cleanup: () => Promise<void> | void): void {
    const controller = new AbortController();
    const done = (async () => {
      try {
        await work(controller.signal);
      } catch (error) {
        // The import's record says what went wrong; the log keeps the details of the unexpected.
        if (error instanceof AppError) this.logger.info({ importId: id, reason: error.message }, 'import stopped');
        else this.logger.error({ err: error, importId: id }, 'import failed');
      } finally {
        try {
          await cleanup();
        } catch (error) {
          this.logger.warn({ err: error, importId: id }, 'import clean-up failed');
        }
        this.#running.delete(id);
      }
    })();
    this.#running.set(id, { controller, done });
  }

  get size(): number {
    return this.#running.size;
  }

  /** Resolves when every running import has finished (tests; shutdown after `abortAll`). */
  async idle(): Promise<void> {
    await Promise.all([...this.#running.values()].map((r) => r.done));
  }

  async stop(): Promise<void> {
    for (const running of this.#running.values()) running.controller.abort();
    await this.idle();
  }
}

/** An upload saved to a temporary file: its size, its first bytes (to plan the import), and how to remove it. */
export interface Spooled {
  path: string;
  size: number;
  start: Buffer;
  remove(): Promise<void>;
}

/**
 * Saves a request body to a temporary file, refusing more than `limit` bytes. The import then
 * reads the file, not the request: the upload can be answered (202) as soon as it is complete,
 * and memory holds only the first `startBytes`.
 */
export async function spoolUpload(body: Readable, limit: number, startBytes: number): Promise<Spooled> {
  const dir = await mkdtemp(join(tmpdir(), 'rapport-upload-'));
  const path = join(dir, 'upload');
  const remove = () => rm(dir, { recursive: true, force: true });
  let size = 0;
  const head: Buffer[] = [];
  let headSize = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > limit) {
        callback(new AppError('payload_too_large', `The file is larger than ${Math.round(limit / 1024 / 1024)} MB; split it, or use \`rapport import\` on the server`));
        return;
      }
      if (headSize < startBytes) {
        const part = chunk.subarray(0, startBytes - headSize);
        head.push(Buffer.from(part));
        headSize += part.length;
      }
      callback(null, chunk);
    },
  });
  try {
    await pipeline(body, measure, createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    await remove();
    if (error instanceof AppError) throw error;
    throw new AppError('invalid_input', 'The upload did not complete');
  }
  return { path, size, start: Buffer.concat(head), remove };
}

/** Reads a request body of at most `limit` bytes into memory (the preview's first part of a file). */
export async function readLimited(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) {
      body.destroy();
      throw new AppError('payload_too_large', `Send at most ${Math.round(limit / 1024)} KB: the start of the file is enough for a preview`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
