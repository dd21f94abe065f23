export * from './ehr-simulator';
export * from './simulator-options';
export type { Faults } from './faults';
export type { LoggedRequest } from './request-log';
export { SimulatorAdmin, AdminRefusal, type AdminAppointment } from './admin/simulator-admin';
export type { JournalledWrite } from './data/write-journal';
