/** A progress bar on stderr for large inputs, only when stderr is a terminal and output is not piped to stdout. */
import { Transform, type TransformCallback } from 'node:stream';

/** Inputs smaller than this get no bar: it would only flicker. */
export const PROGRESS_MIN_BYTES = 16 * 1024 * 1024;

/** Whether to show a bar for this job. */
export function wantProgress(size: number | undefined, output: string): boolean {
  return Boolean(process.stderr.isTTY) && output !== '-' && (size ?? 0) >= PROGRESS_MIN_BYTES;
}

/** A progress bar. */
export interface ProgressBar {
  /** Sets the bytes done so far; redraws at most 10 times a second. */
  update(done: number): void;
  /** Draws the last state and ends the line. */
  end(): void;
}

/** Draws `[#####-----]  45%  120.3 MB/s` for `total` bytes. */
export function progressBar(total: number, label: string): ProgressBar {
  let done = 0, last = 0;
  const start = Date.now();
  const draw = (final: boolean) => {
    const pct = Math.min(1, total ? done / total : 1);
    const width = 30, filled = Math.round(pct * width);
    const mbs = done / 1e6 / Math.max(0.001, (Date.now() - start) / 1000);
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(pct * 100).toFixed(0).padStart(3)}% ${mbs.toFixed(1)} MB/s${final ? '\n' : ''}`);
  };
  return {
    update(n) {
      done = n;
      const now = Date.now();
      if (now - last > 100) { last = now; draw(false); }
    },
    end() { draw(true); },
  };
}

/** The bar as a pass-through stage of a stream pipeline, counting the bytes that flow through. */
export function progressMeter(total: number, label: string): Transform {
  const bar = progressBar(total, label);
  let done = 0;
  return new Transform({
    transform(chunk: Buffer, _e, cb: TransformCallback) {
      bar.update(done += chunk.length);
      cb(null, chunk);
    },
    flush(cb: TransformCallback) { bar.end(); cb(); },
  });
}
