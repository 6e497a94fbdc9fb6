import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../errors.js';

/**
 * PGlite has no protection against two processes opening one data folder, and a second writer
 * corrupts it. A lock file created with O_EXCL, holding the owner's pid, keeps a second Rapport
 * out; a lock left by a process that died is taken over.
 */
/** The data folder is held by another live process on this machine: which one, for a caller to tell who it is. */
export class DataDirLockedError extends AppError {
  constructor(
    message: string,
    readonly ownerPid: number,
  ) {
    super('locked', message);
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'rapport.lock');
  // The lock appears with its content at once: written to a file of our own, then hard-linked
  // into place (link fails if the lock exists), so nobody ever reads a half-written lock.
  const mine = `${path}.${process.pid}`;
  writeFileSync(mine, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(mine, path);
        let released = false;
        return {
          path,
          release() {
            if (released) return;
            released = true;
            try {
              unlinkSync(path);
            } catch {
              // Already gone: nothing to release.
            }
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = readOwner(path);
        if (owner && owner.host !== hostname()) {
          throw new AppError(
            'locked',
            `The data folder ${dataDir} is locked by a Rapport process on host ${owner.host} (pid ${owner.pid}). ` +
              `If that process is certainly gone, delete ${path}.`,
          );
        }
        if (owner && isAlive(owner.pid)) {
          throw new DataDirLockedError(
            `The data folder ${dataDir} is in use by another Rapport process (pid ${owner.pid}, since ${owner.since}). ` +
              'Stop that process first, then run the command again (`rapport import` and `rapport backtest` work through a running server; otherwise use the web app or the HTTP API).',
            owner.pid,
          );
        }
        // The owner is gone: the lock is stale.
        try {
          unlinkSync(path);
        } catch {
          // Someone else removed it first; try again.
        }
      }
    }
  } finally {
    unlinkSync(mine);
  }
  throw new AppError('locked', `Could not take the lock on ${dataDir}`);
}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number') return undefined;
    return { pid: parsed.pid, host: parsed.host ?? hostname(), since: parsed.since ?? 'unknown' };
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
