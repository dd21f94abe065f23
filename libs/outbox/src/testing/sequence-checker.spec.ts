import { SequenceChecker } from './sequence-checker';

describe('SequenceChecker', () => {
  it('counts lost, reordered and duplicated events per aggregate', () => {
    const checker = new SequenceChecker();
    for (const [a, s] of [
      ['a', 1],
      ['a', 2],
      ['b', 1],
      ['a', 2], // duplicate
      ['a', 4],
      ['a', 3], // reordered (first seen after 4)
      ['b', 3], // b/2 lost
    ] as const) {
      checker.observe(a, s);
    }
    expect(
      checker.report(
        new Map([
          ['a', 4],
          ['b', 3],
        ]),
      ),
    ).toEqual({
      expected: 7,
      received: 7,
      unique: 6,
      duplicates: 1,
      lost: 1,
      reordered: 1,
    });
  });

  it('reports a clean run as clean', () => {
    const checker = new SequenceChecker();
    for (let s = 1; s <= 5; s++) checker.observe('x', s);
    expect(checker.report(new Map([['x', 5]]))).toMatchObject({ lost: 0, reordered: 0, duplicates: 0 });
  });
});
