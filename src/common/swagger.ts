import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ErrorBodyDto, ErrorItemDto, finishDocument } from './api-docs';

// Backticks, not double quotes: Swagger UI renders the description as Markdown, and a quoted
// "Bearer <token>" came out as `Bearer ")` (the <token> was taken for an HTML tag).
const DESCRIPTION = [
  'The Refocus v1 REST API: subjects, aspects, samples, perspectives, lenses, users, tokens and writers.',
  '',
  'Send an API token in the `Authorization` header, raw (`Authorization: rfk_…`) or as `Bearer rfk_…`.',
  'Create one at `/tokens/new` after signing in at `/login`, or with `POST /v1/tokens`.',
  'Click **Authorize** and paste the token (without `Bearer`); it is kept across reloads of this page.',
  '',
  'Lists take `limit`, `offset`, `sort`, `fields` and filters, and answer with `X-Total-Count` and `Link` headers.',
  'Every error answers `{"errors":[{message, type, source, value, description}]}`; unknown body properties are refused with a 400.',
].join('\n');

/** The parameter classes of every controller handler (the DTOs whose rules the document states). */
function handlerParamTypes(app: INestApplication): unknown[] {
  const types = new Set<unknown>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const proto = (wrapper.metatype as { prototype?: object } | null)?.prototype;
      for (let p = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object) {
        for (const name of Object.getOwnPropertyNames(p)) {
          const params = Reflect.getMetadata('design:paramtypes', p, name) as unknown[] | undefined;
          params?.forEach((t) => types.add(t));
        }
      }
    }
  }
  return [...types];
}

/** Swagger UI at /v1/docs and the OpenAPI document at /v1/api-docs, both without a token. */
export function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Refocus-compatible API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'Authorization', description: 'An API token (`rfk_…`), raw or as `Bearer rfk_…`' }, 'token')
    .addSecurityRequirements('token')
    .build();
  const document = finishDocument(SwaggerModule.createDocument(app, config, { extraModels: [ErrorBodyDto, ErrorItemDto] }), handlerParamTypes(app));
  SwaggerModule.setup('v1/docs', app, document, {
    jsonDocumentUrl: 'v1/api-docs',
    yamlDocumentUrl: 'v1/api-docs.yaml',
    customSiteTitle: 'Refocus API — Swagger UI',
    swaggerOptions: { persistAuthorization: true },
  });
}
