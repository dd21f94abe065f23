import type { DeadLetterStore } from '@carebus/messaging-kafka';
import type { CliCommand } from './cli-command';
import { deadLetterTable, purgeLines, replayLine } from './dead-letter-output';
import { USAGE } from './usage';

/** Runs one parsed command, writing its result to `out`. */
export async function runCommand(
  command: CliCommand,
  store: DeadLetterStore,
  out: (text: string) => void,
): Promise<void> {
  switch (command.kind) {
    case 'help':
      return out(USAGE);
    case 'audit-verify':
      throw new Error('audit verify does not run against Kafka'); // main runs it before reaching here
    case 'list': {
      const letters = await store.list(command.filters);
      return out(command.json ? `${JSON.stringify(letters, null, 2)}\n` : deadLetterTable(letters));
    }
    case 'show':
      return out(
        `${JSON.stringify(await store.show(command.at.dlqTopic, command.at.partition, command.at.offset), null, 2)}\n`,
      );
    case 'replay': {
      const { dlqTopic, partition, offset } = command.at;
      return out(
        replayLine(`${dlqTopic}/${partition}/${offset}`, await store.replay(dlqTopic, partition, offset)),
      );
    }
    case 'replay-all': {
      const letters = await store.list(command.filters);
      for (const l of letters) {
        out(
          replayLine(
            `${l.dlqTopic}/${l.partition}/${l.offset}`,
            await store.replay(l.dlqTopic, l.partition, l.offset),
          ),
        );
      }
      return out(`${letters.length} dead letter(s) replayed\n`);
    }
    case 'purge':
      return out(purgeLines(await store.purge(command)));
  }
}
