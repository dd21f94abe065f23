import { Injectable } from '@nestjs/common';
import { TenantScope, type Page, type PageRequest, type Tx } from '@carebus/persistence';
import { AppointmentTypesRepository } from '../appointment-types/appointment-types.repository';
import { assertUsableTypes } from '../appointment-types/usable-types';
import { weekTemplateNotFound } from '../scheduling.errors';
import type { WeekTemplateInput, WeekTemplateWithBlocks } from './week-template';
import { assertValidBlocks } from './week-template-blocks';
import { WeekTemplatesRepository } from './week-templates.repository';

/** Week templates, created and replaced as a whole with their blocks. */
@Injectable()
export class WeekTemplatesService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly templates: WeekTemplatesRepository,
    private readonly types: AppointmentTypesRepository,
  ) {}

  list(clinicId: string, page: PageRequest): Promise<Page<WeekTemplateWithBlocks>> {
    return this.tenant.withTenant(clinicId, (tx) => this.templates.list(tx, page));
  }

  get(clinicId: string, id: string): Promise<WeekTemplateWithBlocks> {
    return this.tenant.withTenant(clinicId, (tx) => this.require(tx, id));
  }

  create(clinicId: string, input: WeekTemplateInput): Promise<WeekTemplateWithBlocks> {
    assertValidBlocks(input.blocks);
    return this.tenant.withTenant(clinicId, async (tx) => {
      const id = await this.templates.insert(tx, input.name);
      await this.checkTypes(tx, input);
      await this.templates.replaceBlocks(tx, id, input.blocks);
      return this.require(tx, id);
    });
  }

  /** Name and blocks replaced as a whole; work plans using the template follow it. */
  replace(clinicId: string, id: string, input: WeekTemplateInput): Promise<WeekTemplateWithBlocks> {
    assertValidBlocks(input.blocks);
    return this.tenant.withTenant(clinicId, async (tx) => {
      if (!(await this.templates.lock(tx, id))) throw weekTemplateNotFound();
      await this.templates.rename(tx, id, input.name);
      await this.checkTypes(tx, input);
      await this.templates.replaceBlocks(tx, id, input.blocks);
      return this.require(tx, id);
    });
  }

  /** Refused (409 week_template_in_use) while a work plan applies the template. */
  delete(clinicId: string, id: string): Promise<void> {
    return this.tenant.withTenant(clinicId, async (tx) => {
      if ((await this.templates.delete(tx, id)) === 0) throw weekTemplateNotFound();
    });
  }

  private async require(tx: Tx, id: string): Promise<WeekTemplateWithBlocks> {
    const [found] = await this.templates.findWithBlocks(tx, [id]);
    if (!found) throw weekTemplateNotFound();
    return found;
  }

  private async checkTypes(tx: Tx, input: WeekTemplateInput): Promise<void> {
    const ids = [...new Set(input.blocks.map((b) => b.appointmentTypeId))];
    if (ids.length > 0) assertUsableTypes(ids, await this.types.findMany(tx, ids));
  }
}
