import { Init1763900000000 } from './1763900000000-init';
import { SchedulingModel1763900100000 } from './1763900100000-scheduling-model';
import { EhrPatientLinks1763900200000 } from './1763900200000-ehr-patient-links';
import { AppointmentsChangedIndex1763900300000 } from './1763900300000-appointments-changed-index';
import { ClinicOnboarding1763900400000 } from './1763900400000-clinic-onboarding';
import { AuditTrail1766100000000 } from './1766100000000-audit-trail';
import { PatientAccessLog1766200000000 } from './1766200000000-patient-access-log';
import { ForcedRowSecurity1767000000000 } from './1767000000000-forced-row-security';
import { AuditReason1767200000000 } from './1767200000000-audit-reason';
import { ReferenceVersions1767700000000 } from './1767700000000-reference-versions';

/** Applied in this order by migrate.js; never edit one that has shipped, add a new one. */
export const MIGRATIONS = [
  Init1763900000000,
  SchedulingModel1763900100000,
  EhrPatientLinks1763900200000,
  AppointmentsChangedIndex1763900300000,
  ClinicOnboarding1763900400000,
  AuditTrail1766100000000,
  PatientAccessLog1766200000000,
  ForcedRowSecurity1767000000000,
  AuditReason1767200000000,
  ReferenceVersions1767700000000,
];
