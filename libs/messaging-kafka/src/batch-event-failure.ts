/**
 * Thrown by a batch handler to name the event that failed: `index` is its position in the array the
 * handler was given. The runner then routes that event to its retry topic and applies the events
 * before and after it again without it. Any other error from a batch handler makes the runner
 * split the batch in halves until the failing event is alone.
 */
export class BatchEventFailure extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'BatchEventFailure';
  }
}
