import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export function buildOpenApiDocument(app: INestApplication, serviceName: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(`Carebus ${serviceName} API`)
    .setDescription(
      `REST API of the Carebus ${serviceName} service. Errors are RFC 9457 problem+json with a stable \`code\`.`,
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  return withSharedErrors(SwaggerModule.createDocument(app, config));
}

/**
 * Errors the shared edge answers for any operation of a kind, described as the services describe
 * their own (`code: when`): every operation that takes a body may answer 415.
 */
function withSharedErrors(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.post, path.put, path.patch]) {
      if (!operation?.requestBody) continue;
      operation.responses['415'] ??= {
        description: 'request.unsupported_media_type: the body is not application/json (UTF-8)',
      };
    }
  }
  return document;
}

/** Serves the document at /docs (UI) and /docs-json; the same JSON is checked into the repo. */
export function serveOpenApi(app: INestApplication, serviceName: string): OpenAPIObject {
  const document = buildOpenApiDocument(app, serviceName);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return document;
}
