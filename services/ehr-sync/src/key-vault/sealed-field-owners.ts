import { Injectable } from '@nestjs/common';
import type { Tx } from '@carebus/persistence';
import type { FieldContext } from './sealed-field';

/** Turns a value sealed under the clinic's old key into the same value sealed under the new one. */
export type Reseal = (field: FieldContext, sealed: string) => string;

/**
 * A feature that keeps sealed values in its tables (connections: their credentials). On a key
 * replace it reseals every value of the clinic (`tx.clinicId`) in the replace's transaction, so
 * no value outlives the key it was sealed under.
 */
export interface SealedFieldOwner {
  /** The field purposes it seals, for docs/ehr-sync.md's list of encrypted fields. */
  readonly purposes: readonly string[];
  resealAll(tx: Tx, reseal: Reseal): Promise<void>;
}

/** Where owners register (in their module's onModuleInit); the replace use case calls them all. */
@Injectable()
export class SealedFieldOwners {
  private readonly owners: SealedFieldOwner[] = [];

  register(owner: SealedFieldOwner): void {
    this.owners.push(owner);
  }

  async resealAll(tx: Tx, reseal: Reseal): Promise<void> {
    for (const owner of this.owners) await owner.resealAll(tx, reseal);
  }
}
