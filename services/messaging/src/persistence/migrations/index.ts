import { Init1763900000000 } from './1763900000000-init';
import { AuditTrail1766100000000 } from './1766100000000-audit-trail';
import { ForcedRowSecurity1767000000000 } from './1767000000000-forced-row-security';
import { AuditReason1767200000000 } from './1767200000000-audit-reason';
import { Dialogues1767730000000 } from './1767730000000-dialogues';
import { Attachments1767740000000 } from './1767740000000-attachments';
import { PortalReachability1767750000000 } from './1767750000000-portal-reachability';
import { PortalDeliveries1767751000000 } from './1767751000000-portal-deliveries';
import { PortalInbound1767755000000 } from './1767755000000-portal-inbound';
import { PortalAttachmentDeliveries1767800000000 } from './1767800000000-portal-attachment-deliveries';
import { NationalIdKeyVersions1767820000000 } from './1767820000000-national-id-key-versions';

/** Applied in this order by migrate.js; never edit one that has shipped, add a new one. */
export const MIGRATIONS = [
  Init1763900000000,
  AuditTrail1766100000000,
  ForcedRowSecurity1767000000000,
  AuditReason1767200000000,
  Dialogues1767730000000,
  Attachments1767740000000,
  PortalReachability1767750000000,
  PortalDeliveries1767751000000,
  PortalInbound1767755000000,
  PortalAttachmentDeliveries1767800000000,
  NationalIdKeyVersions1767820000000,
];
