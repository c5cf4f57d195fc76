import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Swagger UI at /v1/docs and the OpenAPI document at /v1/api-docs, both without a token. */
export function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Refocus-compatible API')
    .setDescription(
      'The Refocus v1 REST API: subjects, aspects, samples, perspectives, lenses, users, tokens and writers. ' +
        'Send an API token in the Authorization header (raw, or as "Bearer <token>").',
    )
    .setVersion('1')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'Authorization' }, 'token')
    .addSecurityRequirements('token')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('v1/docs', app, document, {
    jsonDocumentUrl: 'v1/api-docs',
    yamlDocumentUrl: 'v1/api-docs.yaml',
    customSiteTitle: 'Refocus API — Swagger UI',
  });
}
