export * from './portal-simulator';
export type { PortalFaults } from './faults';
export type { ClientCredentials } from './client-tokens';
export type { MessagingPartnerOptions, PartnerAnswer } from './messaging-partner';
export {
  MessagingPartnerGrpc,
  type GrpcPartnerAnswer,
  type GrpcPartnerOptions,
} from './messaging-partner-grpc';
export type {
  AccountState,
  Citizen,
  DeliveredAttachment,
  DeliveredMessage,
  DeliveryAttempt,
  MessageKind,
} from './portal-store';
export { PortalAdmin, type PortalDialogue } from './portal-admin';
