import { Init1763900000000 } from './1763900000000-init';
import { AuditTrail1766100000000 } from './1766100000000-audit-trail';
import { ForcedRowSecurity1767000000000 } from './1767000000000-forced-row-security';
import { AuditReason1767200000000 } from './1767200000000-audit-reason';
import { Devices1767760000000 } from './1767760000000-devices';
import { DeviceCommands1767761000000 } from './1767761000000-device-commands';
import { CommandRedelivery1767765000000 } from './1767765000000-command-redelivery';

/** Applied in this order by migrate.js; never edit one that has shipped, add a new one. */
export const MIGRATIONS = [
  Init1763900000000,
  AuditTrail1766100000000,
  ForcedRowSecurity1767000000000,
  AuditReason1767200000000,
  Devices1767760000000,
  DeviceCommands1767761000000,
  CommandRedelivery1767765000000,
];
