import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { encodeEventPayload, EVENTS } from '@carebus/contracts';
import type { OutboxEvent } from '@carebus/outbox';
import { z } from 'zod';

/** A chain head as `audit_anchor_heads()` recorded it. */
export const AnchorRow = z.object({
  chain: z.string(),
  position: z.coerce.number().int().positive(),
  chain_hash: z.instanceof(Buffer),
  anchored_at: z.date(),
});
export type AnchorRow = z.infer<typeof AnchorRow>;

/** The chain's events carry a clinic id; the platform chain has none and uses the nil UUID. */
const NO_CLINIC = '00000000-0000-0000-0000-000000000000';

/** `audit.anchor.v1` for each new anchor: the chain heads, kept outside the database. */
export function anchorEvents(service: string, anchors: AnchorRow[]): OutboxEvent[] {
  return anchors.map((anchor) => {
    const clinicId = anchor.chain === 'platform' ? NO_CLINIC : anchor.chain;
    return {
      type: EVENTS.auditAnchorRecorded.type,
      topic: EVENTS.auditAnchorRecorded.topic,
      aggregateType: EVENTS.auditAnchorRecorded.aggregateType,
      aggregateId: `${service}/${anchor.chain}`,
      clinicId,
      time: anchor.anchored_at,
      payload: encodeEventPayload(EVENTS.auditAnchorRecorded, {
        service,
        chain: anchor.chain,
        position: BigInt(anchor.position),
        chainHash: anchor.chain_hash.toString('hex'),
        anchoredAt: timestampFromDate(anchor.anchored_at),
        clinicId,
      }),
    };
  });
}
