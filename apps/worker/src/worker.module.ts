import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { type AppConfig } from '@scaidrive/config';
import { InfrastructureModule } from '../../api/src/infrastructure/infrastructure.module.js';

/** Projections and background jobs without the HTTP API. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
        InfrastructureModule.forRoot({ ...config, runProjections: true }, databaseUrl),
      ],
    };
  }
}
