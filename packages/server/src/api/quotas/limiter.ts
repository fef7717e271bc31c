/**
 * Request quotas in one serving process: a token bucket per account, region and quota. Each process
 * holds 1/(nodes × workers) of every figure: workers receive connections in turn and a load balancer
 * spreads requests over nodes, so the shares add up to the quota without talking to each other.
 */
import { KmsError } from '../errors.js';
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
/** One shared error: a flood of throttled calls must stay cheap (building an Error's stack costs tens of µs). */
const THROTTLED = new KmsError('ThrottlingException', THROTTLED_MESSAGE);

/** Token buckets of this process. */
export class Quotas {
  /** account → region → quota name → bucket (null: no quota); nested so no key string is built per call. */
  private readonly buckets = new Map<string, Map<string, Map<string, Bucket | null>>>();
  private readonly share: number;

  /** `workers`: serving processes on this node that share its part of the quota. */
  constructor(private readonly settings: QuotaSettings, workers: number, private readonly now: () => number = () => performance.now()) {
    this.share = 1 / (settings.nodes * Math.max(1, workers));
  }

  /** Counts one request of `accountId` in `region`; throws ThrottlingException when a quota it counts against is spent. */
  charge(accountId: string, region: string, operation: string, input: Record<string, any>): void {
    const names = quotasOf(operation, input);
    if (names.length === 0) return;
    const now = this.now();
    const first = this.bucket(accountId, region, names[0]!, now);
    const second = names.length > 1 ? this.bucket(accountId, region, names[1]!, now) : null;
    if ((first && !take(first, now, false)) || (second && !take(second, now, false))) throw THROTTLED;
    // Tokens are taken only once every quota of the request allows it.
    if (first) take(first, now, true);
    if (second) take(second, now, true);
  }

  private bucket(accountId: string, region: string, name: string, now: number): Bucket | null {
    let regions = this.buckets.get(accountId);
    if (!regions) this.buckets.set(accountId, (regions = new Map()));
    let names = regions.get(region);
    if (!names) regions.set(region, (names = new Map()));
    let b = names.get(name);
    if (b === undefined) {
      const rate = rateOf(this.settings, name, region);
      const mine = rate === undefined ? undefined : rate * this.share;
      b = mine === undefined ? null : { perMs: mine / 1000, capacity: Math.max(1, mine), tokens: Math.max(1, mine), at: now };
      names.set(name, b);
    }
    return b;
  }
}

/** Refills `b` up to `now`; true when it holds a token, which `spend` takes. */
function take(b: Bucket, now: number, spend: boolean): boolean {
  b.tokens = Math.min(b.capacity, b.tokens + (now - b.at) * b.perMs);
  b.at = now;
  if (b.tokens < 1) return false;
  if (spend) b.tokens -= 1;
  return true;
}

/** The process's quotas, or undefined when they are off (the request path then pays one branch). */
export function quotasFor(settings: QuotaSettings | undefined, workers: number): Quotas | undefined {
  return settings ? new Quotas(settings, workers) : undefined;
}
