import { AUDIT_ROW_TEXT_COLUMNS, chainHash, contentHash, type AuditRowText } from './audit-chain';

/** Runs one parameterised query (a pg Client or Pool fits). */
export interface AuditQuery {
  query<R>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

export type AuditProblemKind = 'edited' | 'deleted' | 'out_of_order' | 'tail_dropped' | 'anchor_mismatch';

export interface AuditProblem {
  kind: AuditProblemKind;
  /** Position in the chain (1 = oldest) where it was found. */
  position: number;
  /** The audit row concerned, when there is one. */
  rowId: string | null;
  message: string;
}

export interface ChainReport {
  chain: string;
  /** Sealed rows walked. */
  rows: number;
  anchors: number;
  /** Rows written but not chained yet (the unsealed window). */
  unsealed: number;
  /** The first problem found; undefined when the chain is intact. */
  problem?: AuditProblem;
}

const PAGE = 5_000;

interface SealRow extends Partial<AuditRowText> {
  position: string;
  row_id: string;
  content_hash: Buffer;
  chain_hash: Buffer;
  present: boolean;
}

interface AnchorRow {
  /** bigint, as pg reads it: text. */
  position: string;
  chain_hash: Buffer;
  anchored_at: Date;
}

/**
 * Walks a schema's audit chains against their anchors and names the first row that was edited,
 * deleted, inserted out of order or dropped from the tail. Needs a role that reads every
 * clinic's rows (row-level security bypassed): `carebus_audit_reader`.
 */
export class AuditVerifier {
  constructor(
    private readonly db: AuditQuery,
    private readonly schema: string,
  ) {}

  /** Every chain of the schema, or the one of `clinicId`. */
  async verify(clinicId?: string): Promise<ChainReport[]> {
    const chains = clinicId ? [clinicId] : await this.chains();
    const reports: ChainReport[] = [];
    for (const chain of chains) reports.push(await this.verifyChain(chain));
    return reports;
  }

  private async chains(): Promise<string[]> {
    const { rows } = await this.db.query<{ chain: string }>(
      `SELECT chain FROM ${this.schema}.audit_seal GROUP BY chain
       UNION SELECT coalesce(clinic_id::text, 'platform') FROM ${this.schema}.audit_log GROUP BY clinic_id
       UNION SELECT chain FROM ${this.schema}.audit_anchor GROUP BY chain
       ORDER BY 1`,
    );
    return rows.map((r) => r.chain);
  }

  async verifyChain(chain: string): Promise<ChainReport> {
    // The anchors, and the sealer's own record of the head (which also covers rows sealed since
    // the last anchor).
    const anchors = (
      await this.db.query<AnchorRow>(
        `SELECT position, chain_hash, anchored_at FROM ${this.schema}.audit_anchor WHERE chain = $1
         UNION ALL
         SELECT position, chain_hash, now() FROM ${this.schema}.audit_chain_head WHERE chain = $1
         ORDER BY position`,
        [chain],
      )
    ).rows;
    const anchorAt = new Map<number, AnchorRow[]>();
    for (const anchor of anchors) {
      const position = Number(anchor.position);
      anchorAt.set(position, [...(anchorAt.get(position) ?? []), anchor]);
    }
    const report: ChainReport = { chain, rows: 0, anchors: anchors.length, unsealed: 0 };
    const walked = await this.walk(chain, anchorAt);
    report.rows = walked.last;
    if (walked.problem)
      return { ...report, problem: walked.problem, unsealed: (await this.unsealedRows(chain)).count };
    const beyond = anchors.find((a) => Number(a.position) > walked.last);
    if (beyond) {
      report.problem = {
        kind: 'tail_dropped',
        position: walked.last + 1,
        rowId: null,
        message:
          `the chain ends at position ${walked.last}, but the anchor of ${beyond.anchored_at.toISOString()} ` +
          `records position ${beyond.position}: rows ${walked.last + 1}…${beyond.position} were dropped from the tail`,
      };
      return { ...report, unsealed: (await this.unsealedRows(chain)).count };
    }
    const unsealed = await this.unsealedRows(chain);
    if (unsealed.stray) report.problem = unsealed.stray;
    report.unsealed = unsealed.count;
    return report;
  }

  /** Walks the seals in position order; answers the last position and the first problem. */
  private async walk(
    chain: string,
    anchorAt: Map<number, AnchorRow[]>,
  ): Promise<{ last: number; problem?: AuditProblem }> {
    let previous: Buffer = Buffer.alloc(0);
    let expected = 1;
    for (;;) {
      const { rows } = await this.db.query<SealRow>(
        `SELECT s.position::text AS position, s.row_id::text AS row_id, s.content_hash, s.chain_hash,
                a.id IS NOT NULL AS present, ${AUDIT_ROW_TEXT_COLUMNS}
         FROM ${this.schema}.audit_seal s LEFT JOIN ${this.schema}.audit_log a ON a.id = s.row_id
         WHERE s.chain = $1 AND s.position >= $2 ORDER BY s.position LIMIT ${PAGE}`,
        [chain, expected],
      );
      for (const seal of rows) {
        const position = Number(seal.position);
        const problem = this.check(seal, position, expected, previous);
        if (problem) return { last: expected - 1, problem };
        previous = chainHash(previous, seal.content_hash);
        for (const anchor of anchorAt.get(position) ?? []) {
          if (!anchor.chain_hash.equals(previous)) {
            return {
              last: position,
              problem: {
                kind: 'anchor_mismatch',
                position,
                rowId: seal.row_id,
                message:
                  `position ${position} (row ${seal.row_id}) does not match its anchor of ` +
                  `${anchor.anchored_at.toISOString()}: the chain up to it was rewritten`,
              },
            };
          }
        }
        expected = position + 1;
      }
      if (rows.length < PAGE) return { last: expected - 1 };
    }
  }

  private check(
    seal: SealRow,
    position: number,
    expected: number,
    previous: Buffer,
  ): AuditProblem | undefined {
    const at = `position ${expected}`;
    if (position !== expected) {
      return {
        kind: 'deleted',
        position: expected,
        rowId: null,
        message: `${at} is missing (the chain goes on at ${position}): a row and its seal were deleted`,
      };
    }
    if (!seal.present) {
      return {
        kind: 'deleted',
        position,
        rowId: seal.row_id,
        message: `row ${seal.row_id} at ${at} was deleted`,
      };
    }
    if (!contentHash(seal as unknown as AuditRowText).equals(seal.content_hash)) {
      return {
        kind: 'edited',
        position,
        rowId: seal.row_id,
        message: `row ${seal.row_id} at ${at} was edited`,
      };
    }
    if (!chainHash(previous, seal.content_hash).equals(seal.chain_hash)) {
      return {
        kind: 'out_of_order',
        position,
        rowId: seal.row_id,
        message: `row ${seal.row_id} at ${at} does not follow position ${position - 1}: rows were reordered or inserted out of order`,
      };
    }
    return undefined;
  }

  /**
   * The chain's rows not yet sealed, in one pass on the clinic's rows (the indexes lead with
   * clinic_id): how many, and the first the sealer's horizon has passed without sealing — such a
   * row was not written through the application but inserted out of order (e.g. back-dated by
   * someone with the owner's rights).
   */
  private async unsealedRows(chain: string): Promise<{ count: number; stray?: AuditProblem }> {
    const ofChain = chain === 'platform' ? 'a.clinic_id IS NULL' : 'a.clinic_id = $1::uuid';
    const { rows } = await this.db.query<{ n: string; stray: string | null }>(
      `SELECT count(*)::text AS n,
              (min(a.id) FILTER (WHERE a.tx_id < (SELECT low_tx FROM ${this.schema}.audit_sealer_state)))::text AS stray
       FROM ${this.schema}.audit_log a
       WHERE ${ofChain} AND NOT EXISTS (SELECT 1 FROM ${this.schema}.audit_seal s WHERE s.row_id = a.id)`,
      chain === 'platform' ? [] : [chain],
    );
    const count = Number(rows[0]?.n ?? 0);
    const strayId = rows[0]?.stray;
    if (!strayId) return { count };
    return {
      count,
      stray: {
        kind: 'out_of_order',
        position: 0,
        rowId: strayId,
        message: `row ${strayId} is not in the chain although the sealer passed its transaction: it was inserted out of order`,
      },
    };
  }
}
