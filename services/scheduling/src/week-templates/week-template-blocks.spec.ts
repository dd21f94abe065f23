import { DomainError } from '@carebus/errors';
import { WEEK_TEMPLATE_BLOCKS_OVERLAP } from '../scheduling.errors';
import { assertValidBlocks, type BlockSpan } from './week-template-blocks';

const codeOf = (blocks: BlockSpan[]): string | undefined => {
  try {
    assertValidBlocks(blocks);
    return undefined;
  } catch (error) {
    return (error as DomainError).code;
  }
};

describe('assertValidBlocks', () => {
  it('accepts touching blocks and the same span on different weekdays', () => {
    expect(
      codeOf([
        { weekday: 1, start: '09:00', end: '10:00' },
        { weekday: 1, start: '10:00', end: '11:00' },
        { weekday: 2, start: '09:00', end: '10:00' },
      ]),
    ).toBeUndefined();
  });

  it('refuses a block that ends before it starts', () => {
    expect(codeOf([{ weekday: 1, start: '10:00', end: '09:00' }])).toBe('validation.failed');
  });

  it('refuses overlapping blocks on one weekday, naming both by index', () => {
    const blocks = [
      { weekday: 3, start: '12:00', end: '13:00' },
      { weekday: 1, start: '08:00', end: '09:00' },
      { weekday: 3, start: '08:00', end: '12:30' },
    ];
    expect(codeOf(blocks)).toBe(WEEK_TEMPLATE_BLOCKS_OVERLAP);
    try {
      assertValidBlocks(blocks);
    } catch (error) {
      expect((error as DomainError).extensions).toEqual({ blocks: [0, 2] });
    }
  });

  it('refuses a block lying inside another', () => {
    expect(
      codeOf([
        { weekday: 5, start: '08:00', end: '16:00' },
        { weekday: 5, start: '10:00', end: '11:00' },
      ]),
    ).toBe(WEEK_TEMPLATE_BLOCKS_OVERLAP);
  });
});
