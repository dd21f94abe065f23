import { createValidationPipe } from '@carebus/errors';
import { PortalDialogueBodyDto } from './portal-inbound.dto';

/** PortalDialogueKind of portal_partner_service.proto and the kinds of the REST body. */
const KINDS: Record<string, string> = {
  PORTAL_DIALOGUE_KIND_E_CONTACT: 'e_contact',
  PORTAL_DIALOGUE_KIND_E_CONSULTATION: 'e_consultation',
  PORTAL_DIALOGUE_KIND_PRESCRIPTION_RENEWAL: 'prescription_renewal',
};

/** SendDialogueRequest as @grpc/proto-loader decodes it (camelCase, defaults filled, enums as names). */
export interface SendDialogueRequest {
  portalMessageId?: string;
  nationalId?: string;
  kind?: string;
  subject?: string;
  body?: string;
  prescriptions?: { name?: string; strength?: string; dosage?: string }[];
}

const pipe = createValidationPipe();

/**
 * The gRPC request as the REST body, checked by the same rules (`PortalDialogueBodyDto`): a bad
 * field is INVALID_ARGUMENT `validation.failed`, as REST's 400. An unset kind stays unknown.
 */
export async function portalDialogueOf(req: SendDialogueRequest): Promise<PortalDialogueBodyDto> {
  const prescriptions = req.prescriptions ?? [];
  const body = {
    portalMessageId: req.portalMessageId ?? '',
    nationalId: req.nationalId ?? '',
    kind: KINDS[req.kind ?? ''] ?? req.kind ?? '',
    subject: req.subject ?? '',
    body: req.body ?? '',
    ...(prescriptions.length > 0 ? { prescriptions } : {}),
  };
  return (await pipe.transform(body, {
    type: 'body',
    metatype: PortalDialogueBodyDto,
  })) as PortalDialogueBodyDto;
}
