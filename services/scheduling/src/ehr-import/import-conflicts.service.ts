import { Injectable } from '@nestjs/common';
import { TenantScope, type Page, type PageRequest } from '@carebus/persistence';
import { parseInstant } from '../shared/instant';
import { ImportConflictsRepository, type RecordedConflict } from './import-conflicts.repository';

/** EHR imports that could not be applied, for the clinic to resolve by hand. */
@Injectable()
export class ImportConflictsService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly conflicts: ImportConflictsRepository,
  ) {}

  list(clinicId: string, page: PageRequest): Promise<Page<RecordedConflict>> {
    // The cursor's key is the last conflict's detection time.
    const after = page.after ? { at: parseInstant('cursor', page.after.key), id: page.after.id } : null;
    return this.tenant.withTenant(clinicId, (tx) => this.conflicts.list(tx, page.limit, after));
  }
}
