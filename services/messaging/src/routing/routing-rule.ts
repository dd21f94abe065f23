/** The message types a clinic routes: what a patient sends in. */
export const MESSAGE_TYPES = ['e_contact', 'e_consultation', 'prescription_renewal'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** To the patient's practitioner (listed GP), to a selected receiver (position, group, role or unit), or both. */
export const ROUTING_MODES = ['practitioner', 'receiver', 'both'] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];

export interface RoutingRule {
  messageType: MessageType;
  mode: RoutingMode;
  /** The selected receiver; null means the whole clinic when the mode needs one. */
  receiverUnitId: string | null;
  version: number;
  /** False while the clinic has not set this type: the default applies. */
  configured: boolean;
}

/** The defaults: e-consultation → the patient's practitioner; e-contact and renewal → the whole clinic. */
export function defaultRule(messageType: MessageType): RoutingRule {
  const mode: RoutingMode = messageType === 'e_consultation' ? 'practitioner' : 'receiver';
  return { messageType, mode, receiverUnitId: null, version: 0, configured: false };
}
