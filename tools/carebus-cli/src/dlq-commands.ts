import type { CliCommand } from './cli-command';
import type { DeadLetterApi } from './dead-letter-api';
import { deadLetterTable, purgeLines, replayLine } from './dead-letter-output';
import { USAGE } from './usage';

/** Runs one parsed command against a service's dead-letter API, writing its result to `out`. */
export async function runCommand(
  command: CliCommand,
  api: DeadLetterApi,
  out: (text: string) => void,
): Promise<void> {
  switch (command.kind) {
    case 'help':
      return out(USAGE);
    case 'audit-verify':
      throw new Error('audit verify does not use the dead-letter API'); // main runs it before reaching here
    case 'list': {
      const letters = await api.list(command.filters);
      return out(command.json ? `${JSON.stringify(letters, null, 2)}\n` : deadLetterTable(letters));
    }
    case 'show':
      return out(`${JSON.stringify(await api.show(command.at), null, 2)}\n`);
    case 'show-payload':
      return out(`${JSON.stringify(await api.payload(command.at, command.reason), null, 2)}\n`);
    case 'replay': {
      const { dlqTopic, partition, offset } = command.at;
      return out(
        replayLine(`${dlqTopic}/${partition}/${offset}`, await api.replay(command.at, command.reason)),
      );
    }
    case 'replay-all': {
      const letters = await api.list(command.filters);
      for (const l of letters) {
        const at = { dlqTopic: l.dlqTopic, partition: l.partition, offset: l.offset };
        out(replayLine(`${l.dlqTopic}/${l.partition}/${l.offset}`, await api.replay(at, command.reason)));
      }
      return out(`${letters.length} dead letter(s) replayed\n`);
    }
    case 'purge':
      return out(purgeLines(await api.purge(command, command.reason)));
  }
}
