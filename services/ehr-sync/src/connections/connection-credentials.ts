import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Tx } from '@carebus/persistence';
import { ClinicKeyring } from '../key-vault/clinic-keyring';
import { SealedFieldOwners, type Reseal, type SealedFieldOwner } from '../key-vault/sealed-field-owners';
import { CREDENTIALS_PURPOSE, type ConnectionCredentials } from './connection';
import { ConnectionsRepository } from './connections.repository';

const field = (recordId: string) => ({ purpose: CREDENTIALS_PURPOSE, recordId });

/**
 * A connection's credentials sealed under the clinic's shared encryption key (one `sek1.…` value
 * per connection, bound to its id), and resealed with every other sealed value on a key replace.
 */
@Injectable()
export class ConnectionCredentialsVault implements SealedFieldOwner, OnModuleInit {
  readonly purposes = [CREDENTIALS_PURPOSE];

  constructor(
    private readonly keyring: ClinicKeyring,
    private readonly owners: SealedFieldOwners,
    private readonly connections: ConnectionsRepository,
  ) {}

  onModuleInit(): void {
    this.owners.register(this);
  }

  seal(tx: Tx, connectionId: string, credentials: ConnectionCredentials): Promise<string> {
    return this.keyring.seal(tx, field(connectionId), JSON.stringify(credentials));
  }

  async open(tx: Tx, connectionId: string, sealed: string): Promise<ConnectionCredentials> {
    return JSON.parse(await this.keyring.open(tx, field(connectionId), sealed)) as ConnectionCredentials;
  }

  async resealAll(tx: Tx, reseal: Reseal): Promise<void> {
    for (const { id, sealed } of await this.connections.sealedCredentials(tx)) {
      await this.connections.writeSealedCredentials(tx, id, reseal(field(id), sealed));
    }
  }
}
