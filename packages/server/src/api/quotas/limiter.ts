/**
 * Request quotas in one serving process: a token bucket per account, region and quota. Each process
 * holds 1/(nodes × workers) of every figure: workers receive connections in turn and a load balancer
 * spreads requests over nodes, so the shares add up to the quota without talking to each other.
 */
import { fail } from '../errors.js';
import { type QuotaSettings, rateOf } from './settings.js';
import { quotasOf } from './table.js';

interface Bucket {
  /** Tokens per millisecond. */
  perMs: number;
  /** At most one second of the rate (at least one request). */
  capacity: number;
  tokens: number;
  at: number;
}

/** What AWS KMS says when it throttles. */
export const THROTTLED_MESSAGE = 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.';

/** Token buckets of this process. */
export class Quotas {
  private readonly buckets = new Map<string, Bucket | null>();
  private readonly share: number;

  /** `workers`: serving processes on this node that share its part of the quota. */
  constructor(private readonly settings: QuotaSettings, workers: number, private readonly now: () => number = () => performance.now()) {
    this.share = 1 / (settings.nodes * Math.max(1, workers));
  }

  /** Counts one request of `accountId` in `region`; throws ThrottlingException when a quota it counts against is spent. */
  charge(accountId: string, region: string, operation: string, input: Record<string, any>): void {
    const names = quotasOf(operation, input);
    const buckets: Bucket[] = [];
    for (const name of names) {
      const b = this.bucket(accountId, region, name);
      if (b === null) continue;
      this.refill(b);
      if (b.tokens < 1) fail('ThrottlingException', THROTTLED_MESSAGE);
      buckets.push(b);
    }
    for (const b of buckets) b.tokens -= 1; // taken only when every quota allows it
  }

  private bucket(accountId: string, region: string, name: string): Bucket | null {
    const k = `${accountId}/${region}/${name}`;
    let b = this.buckets.get(k);
    if (b === undefined) {
      const rate = rateOf(this.settings, name, region);
      const mine = rate === undefined ? undefined : rate * this.share;
      b = mine === undefined ? null : { perMs: mine / 1000, capacity: Math.max(1, mine), tokens: Math.max(1, mine), at: this.now() };
      this.buckets.set(k, b);
    }
    return b;
  }

  private refill(b: Bucket): void {
    const t = this.now();
    b.tokens = Math.min(b.capacity, b.tokens + (t - b.at) * b.perMs);
    b.at = t;
  }
}

/** The process's quotas, or undefined when they are off (the request path then pays one branch). */
export function quotasFor(settings: QuotaSettings | undefined, workers: number): Quotas | undefined {
  return settings ? new Quotas(settings, workers) : undefined;
}
