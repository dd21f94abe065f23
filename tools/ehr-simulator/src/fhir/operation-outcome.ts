import type { ServerResponse } from 'node:http';
import { sendJson } from '../http-io';

export const FHIR_JSON = 'application/fhir+json';

export interface OutcomeIssue {
  code: string;
  diagnostics: string;
  expression?: string[];
  detailCode?: string;
}

/** A FHIR error: an OperationOutcome with one issue, at the given HTTP status. */
export function sendOutcome(
  res: ServerResponse,
  status: number,
  issue: OutcomeIssue,
  headers: Record<string, string> = {},
): void {
  sendJson(
    res,
    status,
    {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: issue.code,
          diagnostics: issue.diagnostics,
          ...(issue.detailCode
            ? { details: { coding: [{ system: 'urn:ehr-simulator:error', code: issue.detailCode }] } }
            : {}),
          ...(issue.expression ? { expression: issue.expression } : {}),
        },
      ],
    },
    headers,
    FHIR_JSON,
  );
}
