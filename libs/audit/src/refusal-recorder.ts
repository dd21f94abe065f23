import { type ArgumentsHost, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { attachedPrincipal, guardedRoute, type GuardedRoute } from '@carebus/auth';
import { DomainError } from '@carebus/errors';
import { isUuid } from '@carebus/persistence';
import { counterOn, type Counter, MetricsRegistry } from '@carebus/observability';
import { reasonFromHeader } from './audit-reason';
import { AuditTrail } from './audit-trail';
import { AUDITED_RESOURCE, defaultAction, type AuditedResourceMark } from './audited-resource';

/**
 * Refusals recorded as denials: 403 on any route; 404 and 429 (a per-caller cap, e.g. too many
 * open streams) on a route marked `@AuditedResource`, where they refuse access to patient data.
 */
const DENIALS = new Set<DomainError['kind']>(['forbidden', 'not_found', 'rate_limited']);

interface RouteRequest {
  method: string;
  params?: Record<string, string | undefined>;
  headers?: Record<string, string | string[] | undefined>;
  route?: { path?: string };
}

/**
 * What the edge (the REST problem+json filter, a gRPC error filter) does with a refusal before it
 * answers. A denial of an authenticated caller — 403 on any route, 404 or 429 on a route marked
 * `@AuditedResource` — is recorded as one `denied` audit row, awaited: when that write fails the
 * caller gets 503 `audit.unavailable` instead. This is the one place denials are recorded (use
 * cases record what they did and what failed, never a denial), so guard refusals, tenant checks
 * and a use case's 404 each leave exactly one row on REST and gRPC alike. A 401 has no principal
 * to audit: it is counted (`carebus_auth_refusals_total{reason,transport}`) and written to the
 * security log (logger `Security`), by its code only.
 */
@Injectable()
export class RefusalRecorder {
  private readonly security = new Logger('Security');
  private readonly authRefusals: Counter<'reason' | 'transport'>;

  constructor(
    private readonly audit: AuditTrail,
    private readonly reflector: Reflector,
    metrics: MetricsRegistry,
  ) {
    this.authRefusals = counterOn(metrics.registry, {
      name: 'carebus_auth_refusals_total',
      help: 'Calls refused for want of a valid token (401 / UNAUTHENTICATED), by error code',
      labelNames: ['reason', 'transport'],
    });
  }

  /** Records the refusal `error` answers for this call; answers the error to send (503 if the record failed). */
  async answerFor(error: DomainError, host: ArgumentsHost): Promise<DomainError> {
    const route = guardedRoute(host);
    if (error.kind === 'unauthenticated') {
      this.countUnauthenticated(error, host, route);
      return error;
    }
    if (!DENIALS.has(error.kind)) return error;
    const principal = attachedPrincipal(host);
    if (!principal || !route) return error;
    const mark = this.reflector.getAllAndOverride<AuditedResourceMark | undefined>(AUDITED_RESOURCE, [
      route.handler,
      route.controller,
    ]);
    if (error.kind !== 'forbidden' && !mark) return error;
    const target = host.getType<string>() === 'http' ? restTarget(host, mark) : grpcTarget(host, route, mark);
    try {
      await this.audit.recordOutcome({
        clinicId: principal.clinicId,
        principal,
        ...target,
        outcome: 'denied',
      });
      return error;
    } catch (auditError) {
      return auditError as DomainError;
    }
  }

  private countUnauthenticated(
    error: DomainError,
    host: ArgumentsHost,
    route: GuardedRoute | undefined,
  ): void {
    const transport = host.getType<string>() === 'http' ? 'http' : 'grpc';
    this.authRefusals.inc({ reason: error.code, transport });
    const where =
      transport === 'http'
        ? routeOf(host.switchToHttp().getRequest<RouteRequest>())
        : route && `${nameOf(route.controller)}.${nameOf(route.handler)}`;
    this.security.warn(
      { event: 'auth.refused', reason: error.code, transport, route: where },
      'call without a valid token refused',
    );
  }
}

interface Target {
  action: string;
  resourceType: string;
  resourceId: string | null;
  reason?: string;
}

/** What a refused REST call asked for; an unmarked route is named by its method and template. */
function restTarget(host: ArgumentsHost, mark: AuditedResourceMark | undefined): Target {
  const request = host.switchToHttp().getRequest<RouteRequest>();
  if (!mark) return { action: routeOf(request), resourceType: 'endpoint', resourceId: null };
  const idParam = mark.id === undefined ? 'id' : mark.id;
  const action =
    mark.action ?? defaultAction(mark.resourceType, request.method, request.route?.path ?? '', idParam);
  const stated = mark.reasonHeader
    ? reasonFromHeader(request.headers?.[mark.reasonHeader.toLowerCase()])
    : undefined;
  return {
    action,
    resourceType: mark.resourceType,
    resourceId: idOf(idParam && request.params?.[idParam]),
    ...(stated?.ok ? { reason: stated.reason } : {}),
  };
}

/** What a refused gRPC call asked for: the id from the request field the mark names. */
function grpcTarget(host: ArgumentsHost, route: GuardedRoute, mark: AuditedResourceMark | undefined): Target {
  const method = `${nameOf(route.controller)}.${nameOf(route.handler)}`;
  if (!mark) return { action: method, resourceType: 'endpoint', resourceId: null };
  const payload: unknown = host.switchToRpc().getData();
  const idField = mark.id === undefined ? 'id' : mark.id;
  const value =
    idField && typeof payload === 'object' && payload !== null
      ? (payload as Record<string, unknown>)[idField]
      : undefined;
  return {
    action: mark.action ?? `${mark.resourceType}.${nameOf(route.handler)}`,
    resourceType: mark.resourceType,
    resourceId: idOf(value),
  };
}

/** Only a well-formed id is recorded: a refused path may carry anything, patient data included. */
function idOf(value: unknown): string | null {
  return isUuid(value) ? value.toLowerCase() : null;
}

function routeOf(request: RouteRequest): string {
  return `${request.method} ${request.route?.path ?? 'unmatched'}`;
}

function nameOf(target: { name: string }): string {
  return target.name || 'anonymous';
}
