import { type DynamicModule, Global, Module } from '@nestjs/common';
import { type AppConfig } from '@scaidrive/config';
import { InfrastructureLifecycle } from './infrastructure-lifecycle.js';
import { infrastructureProviders } from './infrastructure.providers.js';

/** Event store, read-model database, chunk store and projections, shared by every module. */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    const providers = [...infrastructureProviders(config, databaseUrl), InfrastructureLifecycle];
    return { module: InfrastructureModule, providers, exports: providers };
  }
}
