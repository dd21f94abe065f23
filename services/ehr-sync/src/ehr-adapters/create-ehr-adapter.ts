import type { EhrAdapter, EhrAdapterOptions, EhrSystem } from './ehr-adapter';
import { FhirAdapter } from './fhir/fhir-adapter';
import { VendorAdapter } from './vendor/vendor-adapter';

/** The adapter for a connection's EHR system, for one sync run (its run token on every call). */
export function createEhrAdapter(system: EhrSystem, options: EhrAdapterOptions): EhrAdapter {
  return system === 'fhir-r4' ? new FhirAdapter(options) : new VendorAdapter(options);
}
