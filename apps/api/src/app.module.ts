import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { PassportModule } from '@nestjs/passport';
import { ValidationPipe } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { type AppConfig } from '@scaidrive/config';
import { AuditController } from './audit/audit.controller.js';
import { AuditLogService } from './audit/audit-log.service.js';
import { BearerAuthGuard } from './auth/bearer-auth.guard.js';
import { BearerStrategy } from './auth/bearer.strategy.js';
import { JwksController } from './auth/jwks.controller.js';
import { TokenVerifier } from './auth/token-verifier.js';
import { ConflictQueries } from './conflicts/conflict-queries.js';
import { ConflictsController } from './conflicts/conflicts.controller.js';
import { ResolveConflictHandler } from './conflicts/resolve-conflict.handler.js';
import { TrashController } from './trash/trash.controller.js';
import { TrashItemHandler } from './trash/trash-item.handler.js';
import { RestoreVersionHandler } from './files/commands/restore-version.handler.js';
import { TenantSettingsController } from './tenants/tenant-settings.controller.js';
import { ChunkAccess } from './chunks/chunk-access.js';
import { ChunksController } from './chunks/chunks.controller.js';
import { type Principal } from './auth/principal.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import { ReadYourWrites } from './common/read-your-writes.js';
import { requestContextMiddleware } from './common/request-context.js';
import { CommitFileVersionHandler } from './files/commands/commit-file-version.handler.js';
import { CreateFolderHandler } from './files/commands/create-folder.handler.js';
import { DeleteNodeHandler } from './files/commands/delete-node.handler.js';
import { UpdateNodeHandler } from './files/commands/update-node.handler.js';
import { ConflictPolicy } from './files/conflict-policy.js';
import { ContentStreamer } from './files/content-streamer.js';
import { DriveAccess } from './files/drive-access.js';
import { NodeSecurityController } from './access/node-security.controller.js';
import { NodeSecurityService } from './access/node-security.service.js';
import { GroupsController } from './sharing/groups.controller.js';
import { ShareCommands } from './sharing/share-commands.js';
import { SharesController } from './sharing/shares.controller.js';
import { SharingQueries } from './sharing/sharing-queries.js';
import { StreamCommandRunner } from './sharing/stream-command-runner.js';
import { UsersController } from './sharing/users.controller.js';
import { PartnerTenantsController } from './tenants/partner-tenants.controller.js';
import { QuotaController } from './quota/quota.controller.js';
import { TenantUsersController } from './tenants/tenant-users.controller.js';
import { StorageQuota } from './quota/storage-quota.js';
import { EventRecorder } from './common/event-recorder.js';
import { UsageCheck } from './quota/usage-check.js';
import { FilesController } from './files/files.controller.js';
import { FoldersController } from './files/folders.controller.js';
import { NodeQueries } from './files/node-queries.js';
import { NodesController } from './files/nodes.controller.js';
import { VersionVerifier } from './files/version-verifier.js';
import { RetentionController } from './retention/retention.controller.js';
import { RetentionQueries } from './retention/retention-queries.js';
import { SetRetentionPolicyHandler } from './retention/set-retention-policy.handler.js';
import { HealthController } from './health/health.controller.js';
import { IdentityService } from './identity/identity.service.js';
import { MeController } from './identity/me.controller.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';
import { InfrastructureModule } from './infrastructure/infrastructure.module.js';
import { ChangeFeedService } from './sync/change-feed.service.js';
import { SyncController } from './sync/sync.controller.js';
import { FeedNotifier } from './sync/feed-notifier.js';
import { LINK_CONTROLLERS, LINK_PROVIDERS } from './links/links.providers.js';
import { withoutLinkTokens } from './common/log-redaction.js';

type RequestWithContext = IncomingMessage & { id?: string; user?: Principal };

function loggerModule(config: AppConfig) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.logLevel,
      genReqId: (request: RequestWithContext) => request.id ?? '',
      customProps: (request: RequestWithContext) => ({
        tenant: request.user?.tenantId,
        user: request.user?.userId,
      }),
      // A Referer can carry the URL of a link page, token and all.
      redact: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-link-access"]',
        'req.headers.referer',
      ],
      serializers: { req: withoutLinkTokens },
      autoLogging: { ignore: (request) => request.url === '/api/v1/health' },
    },
  });
}

/** The HTTP API, with projections in the same process unless configured otherwise. */
@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggerModule(config),
        InfrastructureModule.forRoot(config, databaseUrl),
        CqrsModule.forRoot(),
        PassportModule,
      ],
      controllers: [
        HealthController,
        MetricsController,
        JwksController,
        MeController,
        FoldersController,
        NodesController,
        FilesController,
        ChunksController,
        SyncController,
        AuditController,
        ConflictsController,
        TrashController,
        TenantSettingsController,
        RetentionController,
        SharesController,
        GroupsController,
        UsersController,
        NodeSecurityController,
        PartnerTenantsController,
        QuotaController,
        TenantUsersController,
        ...LINK_CONTROLLERS,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_GUARD, useClass: BearerAuthGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            whitelist: true,
            forbidNonWhitelisted: true,
            transform: true,
          }),
        },
        TokenVerifier,
        BearerStrategy,
        IdentityService,
        ReadYourWrites,
        DriveAccess,
        StreamCommandRunner,
        SharingQueries,
        ShareCommands,
        NodeSecurityService,
        StorageQuota,
        EventRecorder,
        UsageCheck,
        NodeQueries,
        ContentStreamer,
        ConflictPolicy,
        VersionVerifier,
        ChunkAccess,
        ChangeFeedService,
        FeedNotifier,
        AuditLogService,
        CreateFolderHandler,
        UpdateNodeHandler,
        DeleteNodeHandler,
        CommitFileVersionHandler,
        ResolveConflictHandler,
        TrashItemHandler,
        RestoreVersionHandler,
        ConflictQueries,
        RetentionQueries,
        SetRetentionPolicyHandler,
        ...LINK_PROVIDERS,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestContextMiddleware).forRoutes('*');
  }
}
