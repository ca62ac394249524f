/**
 * Collects the samples a live subscription delivers one by one and hands them on as batches:
 * when `maxRows` are held or `maxWaitMs` after the first one arrived, whichever comes first.
 * One batch is stored at a time; what arrives meanwhile waits for the next, so a slow store
 * makes batches larger, not more numerous.
 */
import type { SampleColumns } from '../ingest/batch/batch-types.js';

/** A batch of samples with the span of their arrival. */
export interface BufferedSamples extends Required<Pick<SampleColumns, 'tag' | 'time' | 'value' | 'quality'>> {
  status: (number | null)[];
  received: { first: Date; last: Date };
}

/** Options of {@link SampleBuffer}. */
export interface SampleBufferOptions {
  /** Samples that trigger a batch at once. Default 50 000. */
  maxRows?: number;
  /** Longest wait from the first sample of a batch to its hand-over, ms. Default 1000. */
  maxWaitMs?: number;
  /** Called when storing a batch fails (the samples of that batch are reported with it). */
  onError?: (error: unknown) => void;
}

/**
 * @example
 * const buffer = new SampleBuffer((b) => ctx.ingest({ samples: b, received: b.received }).then(() => undefined));
 * buffer.add('D1.temp', Date.now(), 61.2);
 * await buffer.close();
 */
export class SampleBuffer {
  private tag: string[] = [];
  private time: number[] = [];
  private value: number[] = [];
  private quality: number[] = [];
  private status: (number | null)[] = [];
  private firstAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private readonly maxRows: number;
  private readonly maxWaitMs: number;

  constructor(private readonly store: (batch: BufferedSamples) => Promise<void>, private readonly options: SampleBufferOptions = {}) {
    this.maxRows = options.maxRows ?? 50_000;
    this.maxWaitMs = options.maxWaitMs ?? 1_000;
  }

  /** Samples held, not yet handed over. */
  get size(): number {
    return this.tag.length;
  }

  /**
   * Adds one sample: tag, source time (epoch ms), value (NaN: none), quality (0 good, 1
   * uncertain, 2 bad; default 0) and an optional OPC UA status code.
   */
  add(tag: string, timeMs: number, value: number, quality = 0, status: number | null = null): void {
    if (this.tag.length === 0) {
      this.firstAt = Date.now();
      this.timer = setTimeout(() => void this.flush(), this.maxWaitMs);
    }
    this.tag.push(tag);
    this.time.push(timeMs);
    this.value.push(value);
    this.quality.push(quality);
    this.status.push(status);
    if (this.tag.length >= this.maxRows) void this.flush();
  }

  /** Hands over what is held (after any batch being stored); resolves when all of it is stored. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  /** Stores batches until nothing is held: what arrived while one was stored goes in the next. */
  private async drain(): Promise<void> {
    while (this.tag.length > 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      const batch: BufferedSamples = {
        tag: this.tag, time: this.time, value: this.value, quality: this.quality, status: this.status,
        received: { first: new Date(this.firstAt), last: new Date() },
      };
      this.tag = []; this.time = []; this.value = []; this.quality = []; this.status = [];
      try {
        await this.store(batch);
      } catch (e) {
        this.options.onError?.(e);
      }
    }
  }

  /** Stores what is held and stops the timer. */
  async close(): Promise<void> {
    await this.flush();
  }
}
