import { Init1763900000000 } from './1763900000000-init';
import { Notifications1764000000000 } from './1764000000000-notifications';
import { DueBacklog1765000000000 } from './1765000000000-due-backlog';
import { ClinicCopy1766000000000 } from './1766000000000-clinic-copy';
import { AuditTrail1766100000000 } from './1766100000000-audit-trail';
import { ForcedRowSecurity1767000000000 } from './1767000000000-forced-row-security';
import { AppointmentStates1767100000000 } from './1767100000000-appointment-states';
import { AuditReason1767200000000 } from './1767200000000-audit-reason';
import { PatientReachability1767752000000 } from './1767752000000-patient-reachability';
import { StaffContacts1767810000000 } from './1767810000000-staff-contacts';

/** Applied in this order by migrate.js; never edit one that has shipped, add a new one. */
export const MIGRATIONS = [
  Init1763900000000,
  Notifications1764000000000,
  DueBacklog1765000000000,
  ClinicCopy1766000000000,
  AuditTrail1766100000000,
  ForcedRowSecurity1767000000000,
  AppointmentStates1767100000000,
  AuditReason1767200000000,
  PatientReachability1767752000000,
  StaffContacts1767810000000,
];
