import { Init1763900000000 } from './1763900000000-init';
import { AuditTrail1766100000000 } from './1766100000000-audit-trail';
import { ForcedRowSecurity1767000000000 } from './1767000000000-forced-row-security';
import { AuditReason1767200000000 } from './1767200000000-audit-reason';
import { KeyVault1767500000000 } from './1767500000000-key-vault';
import { EhrConnections1767600000000 } from './1767600000000-ehr-connections';
import { SyncEngine1767710000000 } from './1767710000000-sync-engine';
import { ReferenceData1767711000000 } from './1767711000000-reference-data';
import { WriteBackQueue1767720000000 } from './1767720000000-write-back-queue';
import { PushedChanges1767725000000 } from './1767725000000-pushed-changes';

/** Applied in this order by migrate.js; never edit one that has shipped, add a new one. */
export const MIGRATIONS = [
  Init1763900000000,
  AuditTrail1766100000000,
  ForcedRowSecurity1767000000000,
  AuditReason1767200000000,
  KeyVault1767500000000,
  EhrConnections1767600000000,
  SyncEngine1767710000000,
  ReferenceData1767711000000,
  WriteBackQueue1767720000000,
  PushedChanges1767725000000,
];
