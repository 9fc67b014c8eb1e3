import { type DynamicModule, Global, Module } from '@nestjs/common';
import { type AppConfig } from '@scaidrive/config';
import { ChunkCollector } from '../chunks/chunk-collector.js';
import { TreeCommandExecutor } from '../files/tree-command-executor.js';
import { TreeRepository } from '../files/tree-repository.js';
import { RetentionCandidates } from '../retention/retention-candidates.js';
import { RetentionJob } from '../retention/retention-job.js';
import { RetentionSweep } from '../retention/retention-sweep.js';
import { InfrastructureLifecycle } from './infrastructure-lifecycle.js';
import { infrastructureProviders } from './infrastructure.providers.js';

/**
 * Event store, read-model database, chunk store, projections, the drive repository and the
 * background jobs, shared by every module. The API and the worker both import it, so whichever
 * process runs the projections also runs the jobs, with one tree cache per process.
 */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    const providers = [
      ...infrastructureProviders(config, databaseUrl),
      TreeRepository,
      TreeCommandExecutor,
      RetentionCandidates,
      RetentionSweep,
      ChunkCollector,
      RetentionJob,
      InfrastructureLifecycle,
    ];
    return { module: InfrastructureModule, providers, exports: providers };
  }
}
