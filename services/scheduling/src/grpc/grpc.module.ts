import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module';
import { SchedulingGrpcController } from './scheduling.grpc-controller';

/** The gRPC handlers; the transport itself is connected in main.ts (see `connectGrpc`). */
@Module({ imports: [AppointmentsModule], controllers: [SchedulingGrpcController] })
export class GrpcModule {}
