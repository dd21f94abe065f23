import { ValidationError, type FieldError } from '@carebus/errors';
import { weekTemplateBlocksOverlap } from '../scheduling.errors';

export interface BlockSpan {
  weekday: number;
  /** 'HH:mm' */
  start: string;
  /** 'HH:mm' */
  end: string;
}

/**
 * A template's blocks must each end after they start (400 validation.failed naming the block) and
 * must not overlap on the same weekday (422, naming both blocks by their index): a slot must belong
 * to exactly one block. Touching blocks (09:00–10:00, 10:00–11:00) are fine.
 */
export function assertValidBlocks(blocks: readonly BlockSpan[]): void {
  const errors: FieldError[] = blocks
    .map((block, index) => ({ block, index }))
    .filter(({ block }) => block.end <= block.start)
    .map(({ index }) => ({ field: `blocks.${index}.end`, message: 'end must be after start' }));
  if (errors.length > 0) throw new ValidationError(errors);

  const byStart = blocks
    .map((block, index) => ({ block, index }))
    .sort((a, b) => a.block.weekday - b.block.weekday || a.block.start.localeCompare(b.block.start));
  for (let i = 1; i < byStart.length; i++) {
    const previous = byStart[i - 1];
    const current = byStart[i];
    if (previous.block.weekday === current.block.weekday && current.block.start < previous.block.end) {
      throw weekTemplateBlocksOverlap([previous.index, current.index].sort((a, b) => a - b));
    }
  }
}
