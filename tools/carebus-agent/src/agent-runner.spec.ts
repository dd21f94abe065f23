import { EventEmitter } from 'node:events';
import { AgentRunner, type AgentRunnerOptions } from './agent-runner';

/** A registry that answers heartbeats and opens streams late; streams are emitters that end on cancel. */
function slowRegistry(heartbeatMs: number, openMs: number) {
  const streams: (EventEmitter & { cancel(): void })[] = [];
  const client = {
    heartbeat: () =>
      new Promise((resolve) => setTimeout(() => resolve({ state: 'ACTIVE', name: '' }), heartbeatMs)),
    receiveCommands: () => {
      const stream = Object.assign(new EventEmitter(), {
        cancel: () => stream.emit('error', Object.assign(new Error('cancelled'), { code: 1 })),
      });
      streams.push(stream);
      return new Promise((resolve) => setTimeout(() => resolve(stream), openMs));
    },
    close: () => undefined,
  };
  return { client, streams };
}

const quietLog = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => quietLog,
};

describe('AgentRunner', () => {
  it.each([
    ['during its first heartbeat', 5],
    ['while its command stream opens', 75],
  ])('stops when asked %s', async (_when, stopAfterMs) => {
    const { client, streams } = slowRegistry(50, 50);
    const runner = new AgentRunner({
      client,
      executor: {},
      inbox: { pending: () => [] },
      reporter: { drain: () => Promise.resolve(0) },
      statuses: () => [],
      log: quietLog,
      heartbeatMs: 1_000,
      backoffBaseMs: 10,
      backoffMaxMs: 10,
    } as unknown as AgentRunnerOptions);
    const running = runner.run();
    await new Promise((resolve) => setTimeout(resolve, stopAfterMs));
    runner.stop();
    const ended = await Promise.race([
      running.then(() => 'stopped'),
      new Promise((resolve) => setTimeout(() => resolve('still running'), 2_000)),
    ]);
    if (ended !== 'stopped') for (const stream of streams) stream.cancel(); // let a stuck runner end
    await running;
    expect(ended).toBe('stopped');
    expect(streams.length).toBeLessThanOrEqual(1);
  });
});
