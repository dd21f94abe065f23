import { Injectable } from '@nestjs/common';
import { AuditTrail, isDenial, type AuditEntry } from '@carebus/audit';
import type { Principal } from '@carebus/auth';
import { breakGlassReason } from '../dead-letters/break-glass';
import { clinicOfDeadLetter, deadLetterScope, mayViewDeadLetter } from '../dead-letters/dead-letter-access';
import type { DeadLetterDetail } from '../dead-letters/dead-letter';
import { DeadLetterNotFoundError } from '../dead-letters/dead-letter-errors';
import {
  toDeadLetterMetadata,
  toDeadLetterPayload,
  type DeadLetterMetadata,
  type DeadLetterPayload,
} from '../dead-letters/dead-letter-metadata';
import {
  DeadLetterStore,
  type DeadLetterQuery,
  type PurgeResult,
  type ReplayResult,
} from '../dead-letters/dead-letter-store';

export interface DeadLetterAt {
  topic: string;
  partition: number;
  offset: string;
}

export interface DeadLetterPurge {
  topic: string;
  group?: string;
  before: Date;
}

/** The header value as Express hands it over. */
type ReasonHeader = string | string[] | undefined;

/**
 * The dead-letter admin API's rules. Metadata is for platform operators (every clinic) and
 * clinic admins (their clinic's; another clinic's dead letter is 404 as any tenant resource).
 * A payload, a replay and a purge are break-glass (`breakGlassReason`), and each is audited with
 * its reason: a payload is recorded before it is answered, a replay or purge once it ran
 * (`allowed`) or failed (`failed`). Purge is for platform operators only (the route's role):
 * Kafka deletes a prefix of a partition, every clinic's records in it.
 */
@Injectable()
export class DeadLetterAdmin {
  constructor(
    private readonly store: DeadLetterStore,
    private readonly audit: AuditTrail,
  ) {}

  async list(principal: Principal, query: DeadLetterQuery): Promise<DeadLetterMetadata[]> {
    const scope = deadLetterScope(principal);
    const letters = await this.store.list({ ...query, ...(scope !== null ? { clinicId: scope } : {}) });
    return letters.map(toDeadLetterMetadata);
  }

  async show(principal: Principal, at: DeadLetterAt): Promise<DeadLetterMetadata> {
    return toDeadLetterMetadata(await this.visible(principal, at));
  }

  async payload(principal: Principal, at: DeadLetterAt, header: ReasonHeader): Promise<DeadLetterPayload> {
    const reason = breakGlassReason(principal, header);
    const detail = await this.visible(principal, at);
    await this.audit.recordOutcome({
      ...this.entry(principal, detail, 'dead_letter.read_payload', reason),
      outcome: 'allowed',
    });
    return toDeadLetterPayload(detail);
  }

  async replay(principal: Principal, at: DeadLetterAt, header: ReasonHeader): Promise<ReplayResult> {
    const reason = breakGlassReason(principal, header);
    const detail = await this.visible(principal, at);
    return this.audited(this.entry(principal, detail, 'dead_letter.replay', reason), () =>
      this.store.replay(at.topic, at.partition, at.offset),
    );
  }

  async purge(principal: Principal, purge: DeadLetterPurge, header: ReasonHeader): Promise<PurgeResult[]> {
    const reason = breakGlassReason(principal, header);
    const entry: Omit<AuditEntry, 'outcome'> = {
      clinicId: null,
      principal,
      action: 'dead_letter.purge',
      resourceType: 'dead_letter',
      resourceId: `${purge.topic}${purge.group ? `/${purge.group}` : ''}<${purge.before.toISOString()}`,
      reason,
    };
    return this.audited(entry, () => this.store.purge(purge));
  }

  /** The dead letter, when it exists and the caller may see it; `dlq.not_found` otherwise. */
  private async visible(principal: Principal, at: DeadLetterAt): Promise<DeadLetterDetail> {
    const detail = await this.store.show(at.topic, at.partition, at.offset);
    if (!mayViewDeadLetter(deadLetterScope(principal), detail)) {
      throw new DeadLetterNotFoundError(at.topic, at.partition, at.offset);
    }
    return detail;
  }

  /** On the dead letter's clinic chain (the platform chain when it names none). */
  private entry(
    principal: Principal,
    letter: DeadLetterDetail,
    action: string,
    reason: string,
  ): Omit<AuditEntry, 'outcome'> {
    return {
      clinicId: clinicOfDeadLetter(letter),
      principal,
      action,
      resourceType: 'dead_letter',
      resourceId: `${letter.dlqTopic}/${letter.partition}/${letter.offset}`,
      reason,
    };
  }

  private async audited<T>(entry: Omit<AuditEntry, 'outcome'>, work: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      if (!isDenial(error)) await this.audit.recordOutcome({ ...entry, outcome: 'failed' });
      throw error;
    }
    await this.audit.recordOutcome({ ...entry, outcome: 'allowed' });
    return result;
  }
}
