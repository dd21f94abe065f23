import { type DynamicModule, Module } from '@nestjs/common';
import { AgentCommandsUseCase } from '../commands/agent-commands.use-case';
import { CommandExpirySweeper } from '../commands/command-expiry-sweeper';
import { CommandSeal } from '../commands/command-seal';
import { CommandsController } from '../commands/commands.controller';
import { CommandsRepository } from '../commands/commands.repository';
import { ReadCommandUseCase } from '../commands/read-command.use-case';
import { SendCommandUseCase } from '../commands/send-command.use-case';
import { AgentGrpcServer } from '../agent-grpc/agent-grpc.server';
import { AgentStreams } from '../agent-grpc/agent-streams';
import { DeviceAuthenticator } from '../agent-grpc/device-authenticator';
import { CreateEnrolmentCodeUseCase } from '../enrolment/create-enrolment-code.use-case';
import { EnrolDeviceUseCase } from '../enrolment/enrol-device.use-case';
import { EnrolmentCodesRepository } from '../enrolment/enrolment-codes.repository';
import { EnrolmentController } from '../enrolment/enrolment.controller';
import { DeviceMetrics } from '../heartbeats/device-metrics';
import { HeartbeatSweeper } from '../heartbeats/heartbeat-sweeper';
import { RecordHeartbeatUseCase } from '../heartbeats/record-heartbeat.use-case';
import type { DeviceRegistryConfig } from '../service';
import { ComputerProof } from './computer-proof';
import { DeviceKeys } from './device-keys';
import { DEVICE_SETTINGS, deviceSettingsOf } from './device-settings';
import { DeviceSignals } from './device-signals';
import { DevicesController } from './devices.controller';
import { DevicesRepository } from './devices.repository';
import { ReadDevicesUseCase } from './read-devices.use-case';
import { RemoveDeviceUseCase } from './remove-device.use-case';
import { RenameDeviceUseCase } from './rename-device.use-case';

/**
 * Devices end to end: enrolment, the device list and its management, heartbeats and the offline
 * sweeper, the command queue, and the agent protocol's gRPC server. One module because they
 * share the device's identity, signals and open streams.
 */
@Module({})
export class DevicesModule {
  static forRoot(config: DeviceRegistryConfig): DynamicModule {
    return {
      module: DevicesModule,
      controllers: [EnrolmentController, DevicesController, CommandsController],
      providers: [
        { provide: DEVICE_SETTINGS, useValue: deviceSettingsOf(config) },
        DevicesRepository,
        EnrolmentCodesRepository,
        CommandsRepository,
        DeviceSignals,
        DeviceKeys,
        ComputerProof,
        DeviceAuthenticator,
        CreateEnrolmentCodeUseCase,
        EnrolDeviceUseCase,
        ReadDevicesUseCase,
        RenameDeviceUseCase,
        RemoveDeviceUseCase,
        DeviceMetrics,
        RecordHeartbeatUseCase,
        HeartbeatSweeper,
        CommandSeal,
        SendCommandUseCase,
        ReadCommandUseCase,
        AgentCommandsUseCase,
        CommandExpirySweeper,
        AgentStreams,
        AgentGrpcServer,
      ],
      exports: [AgentGrpcServer, HeartbeatSweeper, CommandExpirySweeper],
    };
  }
}
