import { Counter, Gauge, type Registry } from 'prom-client';

/** The sealer's figures: how far sealing lags the writes (the unsealed window) and how much it did. */
export class AuditMetrics {
  readonly unsealedAge: Gauge;
  readonly sealed: Counter;
  readonly anchors: Counter;
  readonly failures: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    const existing = <T>(name: string) => registry.getSingleMetric(name) as T | undefined;
    this.unsealedAge =
      existing('carebus_audit_unsealed_age_seconds') ??
      new Gauge({
        name: 'carebus_audit_unsealed_age_seconds',
        help: 'Age of the oldest audit row not yet chained (0 when all are sealed)',
        registers,
      });
    this.sealed =
      existing('carebus_audit_rows_sealed_total') ??
      new Counter({
        name: 'carebus_audit_rows_sealed_total',
        help: 'Audit rows chained by the sealer',
        registers,
      });
    this.anchors =
      existing('carebus_audit_anchors_total') ??
      new Counter({ name: 'carebus_audit_anchors_total', help: 'Audit chain heads anchored', registers });
    this.failures =
      existing('carebus_audit_sealer_failures_total') ??
      new Counter({
        name: 'carebus_audit_sealer_failures_total',
        help: 'Sealing passes that failed',
        registers,
      });
  }
}
