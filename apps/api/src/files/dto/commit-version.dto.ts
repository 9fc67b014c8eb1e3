import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MAX_CHUNK_BYTES } from '@scaidrive/chunk-store';
import { CONFLICT_STRATEGIES, type ConflictStrategy } from '@scaidrive/domain';
import { IsOptionalNonNull } from '../../common/is-optional-non-null.decorator.js';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Maximum number of chunks one version may list. A conflict settled with the incoming content
 * appends the chunk list twice (FileVersionCommitted and ConflictResolved) at up to 78 bytes per
 * chunk each, so about 6,700 chunks fill the event store's 1 MiB append limit. This maximum keeps
 * that append under 90% of the limit, as max-chunks-per-version.spec.ts checks.
 */
export const MAX_CHUNKS_PER_VERSION = 6_000;

export class ChunkRefDto {
  @ApiProperty({ pattern: SHA256.source })
  @Matches(SHA256, { message: 'sha256 must be 64 lowercase hex digits' })
  sha256!: string;

  @ApiProperty({ minimum: 1, maximum: MAX_CHUNK_BYTES })
  @IsInt()
  @Min(1)
  @Max(MAX_CHUNK_BYTES)
  size!: number;
}

export class CommitVersionDto {
  @ApiProperty({ description: 'File size in bytes', minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  size!: number;

  @ApiProperty({ description: 'SHA-256 of the whole file', pattern: SHA256.source })
  @Matches(SHA256, { message: 'sha256 must be 64 lowercase hex digits' })
  sha256!: string;

  @ApiProperty({ description: 'Modification time on the client', format: 'date-time' })
  @IsISO8601({ strict: true })
  mtime!: string;

  @ApiProperty({ type: [ChunkRefDto] })
  @IsArray()
  @ArrayMaxSize(MAX_CHUNKS_PER_VERSION)
  @ValidateNested({ each: true })
  @Type(() => ChunkRefDto)
  chunks!: ChunkRefDto[];

  @ApiPropertyOptional({
    enum: CONFLICT_STRATEGIES,
    description: 'How to settle a conflict with a newer head; the tenant default when absent',
  })
  @IsOptionalNonNull()
  @IsIn(CONFLICT_STRATEGIES)
  conflictStrategy?: ConflictStrategy;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'Version the edit started from',
  })
  @IsOptional()
  @ValidateIf((_dto, value) => value !== null)
  @IsUUID()
  baseVersionId?: string | null;
}

export class AddFileDto extends CommitVersionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  parentId!: string;

  @ApiProperty({ example: 'report.pdf' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  name!: string;
}
