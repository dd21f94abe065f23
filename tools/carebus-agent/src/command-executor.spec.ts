import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { CommandExecutor } from './command-executor';
import { CommandInbox } from './command-inbox';
import type { ComponentStatus } from './components/component-status';
import { PaymentTerminal } from './components/payment-terminal';
import type { DeviceCommand } from './device-command';
import { ExecutionLog } from './execution-log';
import { openLocalStore } from './local-store';
import { ResultOutbox } from './result-outbox';

describe('CommandExecutor', () => {
  let dir: string;
  let db: DatabaseSync;
  let statuses: ComponentStatus[];
  const payment = (n: number, amountMinor = 5_000): DeviceCommand => ({
    commandId: `cmd-${n}`,
    idempotencyId: `idem-${n}`,
    kind: 'payment',
    payload: { amountMinor },
  });
  const executor = () => new CommandExecutor(db, [new PaymentTerminal(30)], () => statuses);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'carebus-agent-'));
    db = openLocalStore(join(dir, 'agent.sqlite'));
    statuses = [{ name: 'payment-terminal', state: 'ready' }];
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs an idempotency id once, also across a restart, and counts every delivery', async () => {
    const first = await executor().execute(payment(1));
    db.close();
    db = openLocalStore(join(dir, 'agent.sqlite'));
    expect(await executor().execute(payment(1))).toEqual(first);
    expect(new ExecutionLog(db).all()).toEqual([
      expect.objectContaining({
        idempotencyId: 'idem-1',
        component: 'payment-terminal',
        executions: 1,
        deliveries: 2,
      }),
    ]);
    expect(new ResultOutbox(db).pending()).toHaveLength(1);
  });

  it('lets a redelivery during a slow run wait for it instead of running again', async () => {
    const subject = executor();
    const [a, b] = await Promise.all([subject.execute(payment(2, 113)), subject.execute(payment(2, 113))]);
    expect(a).toEqual(b);
    expect(new ExecutionLog(db).all()[0]).toMatchObject({ executions: 1 });
  });

  it('fails work for a component that is not ready, and work no component handles', async () => {
    statuses = [{ name: 'payment-terminal', state: 'error', reason: 'no paper' }];
    expect(await executor().execute(payment(3))).toEqual({
      outcome: 'failed',
      result: { code: 'component.not_ready', reason: 'payment-terminal is error: no paper' },
    });
    expect(await executor().execute({ ...payment(4), kind: 'patient_lookup' })).toMatchObject({
      outcome: 'failed',
      result: { code: 'agent.unsupported_command' },
    });
  });

  it('keeps a received command in the inbox until it has run, across a restart', async () => {
    const inbox = new CommandInbox(db);
    inbox.add({ ...payment(6), deadline: new Date('2030-01-01T00:00:00Z') });
    db.close();
    db = openLocalStore(join(dir, 'agent.sqlite'));
    const [leftOver] = new CommandInbox(db).pending();
    expect(leftOver).toEqual({ ...payment(6), deadline: new Date('2030-01-01T00:00:00Z') });
    await executor().execute(leftOver!);
    expect(new CommandInbox(db).pending()).toEqual([]);
  });

  it('keeps a result pending until acknowledged, then drops its fields', async () => {
    await executor().execute(payment(5));
    const outbox = new ResultOutbox(db);
    expect(outbox.pending()[0]).toMatchObject({ commandId: 'cmd-5', kind: 'payment', outcome: 'completed' });
    outbox.markAcknowledged('cmd-5');
    expect(outbox.pendingCount()).toBe(0);
    expect(db.prepare('SELECT result FROM result_outbox').get()).toEqual({ result: '{}' });
  });
});
