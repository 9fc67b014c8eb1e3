import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { type AppConfig } from '@scaidrive/config';
import { AppModule } from '../app.module.js';
import { verifyJsonBody } from '../common/json-body-verifier.js';
import { requestContextMiddleware, requireJsonBodies } from '../common/request-context.js';

/** Body of a JSON request; a commit of the longest chunk list fits with room to spare. */
const JSON_BODY_LIMIT = '4mb';

export function buildOpenApiDocument(app: NestExpressApplication) {
  const config = new DocumentBuilder()
    .setTitle('ScaiDrive API')
    .setDescription('File sync and share: drives, versions, chunks and the sync change feed.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Creates the Nest application with its middleware, body limits and OpenAPI document. */
export async function createApp(config: AppConfig, databaseUrl: string) {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, databaseUrl),
    { bufferLogs: true, bodyParser: false, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  // Before the body parser, so its errors carry a request id and a body never precedes its type.
  app.use(requestContextMiddleware, requireJsonBodies);
  // Nest's option type leaves out `verify` because its rawBody option installs one. This app does
  // not set rawBody, so Nest passes the hook to body-parser unchanged.
  const jsonOptions = { limit: JSON_BODY_LIMIT, verify: verifyJsonBody };
  app.useBodyParser('json', jsonOptions as { limit: string });
  // Client addresses decide link allow-lists and throttling, so only named proxies may set them.
  app.set('trust proxy', config.trustProxy ?? 'loopback');
  app.disable('x-powered-by');
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs/openapi.json',
  });
  return app;
}
