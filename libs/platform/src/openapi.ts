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
  return SwaggerModule.createDocument(app, config);
}

/** Serves the document at /docs (UI) and /docs-json; the same JSON is checked into the repo. */
export function serveOpenApi(app: INestApplication, serviceName: string): OpenAPIObject {
  const document = buildOpenApiDocument(app, serviceName);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return document;
}
