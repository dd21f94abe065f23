export * from './portal-simulator';
export type { PortalFaults } from './faults';
export type { ClientCredentials } from './client-tokens';
export type { MessagingPartnerOptions, PartnerAnswer } from './messaging-partner';
export {
  MessagingPartnerGrpc,
  type GrpcAttachAnswer,
  type GrpcPartnerAnswer,
  type GrpcPartnerOptions,
  type PortalFileHeader,
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
