import { parseCommand, UsageError } from './cli-command';

describe('parseCommand', () => {
  it('reads dlq list with its filters', () => {
    expect(
      parseCommand([
        'dlq',
        'list',
        '--topic',
        'scheduling.appointment.v1',
        '--since',
        '2026-03-01T08:00:00Z',
        '--limit',
        '5',
        '--json',
      ]),
    ).toEqual({
      kind: 'list',
      filters: { topic: 'scheduling.appointment.v1', since: new Date('2026-03-01T08:00:00Z'), limit: 5 },
      json: true,
    });
  });

  it('reads show and replay locations', () => {
    expect(parseCommand(['dlq', 'show', 't.g.dlq', '2', '17'])).toEqual({
      kind: 'show',
      at: { dlqTopic: 't.g.dlq', partition: 2, offset: '17' },
    });
    expect(parseCommand(['dlq', 'replay', '--all', '--group', 'notifications'])).toEqual({
      kind: 'replay-all',
      filters: { group: 'notifications' },
    });
  });

  it('reads the break-glass --payload and --reason', () => {
    expect(parseCommand(['dlq', 'show', 't.g.dlq', '0', '3', '--payload', '--reason', 'INC-9: why'])).toEqual(
      {
        kind: 'show-payload',
        at: { dlqTopic: 't.g.dlq', partition: 0, offset: '3' },
        reason: 'INC-9: why',
      },
    );
    expect(parseCommand(['dlq', 'replay', 't.g.dlq', '0', '3', '--reason', 'INC-9'])).toMatchObject({
      kind: 'replay',
      reason: 'INC-9',
    });
    expect(parseCommand(['dlq', 'replay', '--all', '--topic', 't', '--reason', 'INC-9'])).toEqual({
      kind: 'replay-all',
      filters: { topic: 't' },
      reason: 'INC-9',
    });
    expect(
      parseCommand(['dlq', 'purge', '--topic', 't', '--before', '2026-03-01', '--yes', '--reason', 'INC-9']),
    ).toMatchObject({ kind: 'purge', reason: 'INC-9' });
  });

  it('asks for --yes before purging', () => {
    expect(() => parseCommand(['dlq', 'purge', '--topic', 't', '--before', '2026-03-01'])).toThrow(/--yes/);
    expect(parseCommand(['dlq', 'purge', '--topic', 't', '--before', '2026-03-01', '--yes'])).toEqual({
      kind: 'purge',
      topic: 't',
      before: new Date('2026-03-01'),
    });
  });

  it.each([
    [['frobnicate']],
    [['dlq']],
    [['dlq', 'list', '--colour', 'red']],
    [['dlq', 'list', '--limit', 'ten']],
    [['dlq', 'list', '--since', 'yesterday']],
    [['dlq', 'list', '--since', '2026-03-02', '--until', '2026-03-01']],
    [['dlq', 'show', 't.g.dlq', 'zero', '1']],
    [['dlq', 'replay', 't.g.dlq', '0']],
    [['dlq', 'show', 't.g.dlq', '0', '1', '--json']],
    [['dlq', 'show', 't.g.dlq', '0', '1', '--reason', 'metadata needs none']],
    [['dlq', 'list', '--reason', 'x']],
  ])('rejects %j as bad usage', (argv) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
  });

  it('answers help', () => {
    expect(parseCommand([])).toEqual({ kind: 'help' });
    expect(parseCommand(['--help'])).toEqual({ kind: 'help' });
  });
});
