import { Module } from '@nestjs/common';
import { PatientReachabilityRepository } from './patient-reachability.repository';
import { ReachabilityEventsHandler } from './reachability-events.handler';

/** Messaging's reachability decisions, copied for the portal-or-other-channel choice. */
@Module({
  providers: [PatientReachabilityRepository, ReachabilityEventsHandler],
})
export class ReachabilityModule {}
