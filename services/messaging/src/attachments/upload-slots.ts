/**
 * At most `size` uploads hold a database connection (and a transaction) at once; the others wait
 * here without reading their bodies — TCP holds the bytes back, so waiting costs no memory — and
 * the rest of the service keeps its pooled connections for everything else.
 */
export class UploadSlots {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.busy += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.busy -= 1;
    }
  }
}
