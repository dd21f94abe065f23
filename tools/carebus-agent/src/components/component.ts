import type { CommandKind, CommandResult, DeviceCommand } from '../device-command';

/** A simulated component program: which command kinds it handles and how it answers them. */
export interface Component {
  readonly name: string;
  handles(kind: CommandKind): boolean;
  run(command: DeviceCommand): Promise<CommandResult>;
}
