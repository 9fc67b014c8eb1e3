import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DEFAULT_RETENTION_POLICY, RETENTION_LIMITS } from '@scaidrive/domain';
import { IsOptionalNonNull } from '../common/is-optional-non-null.decorator.js';

const { keepVersions, keepDays, trashDays } = RETENTION_LIMITS;

/** A drive's retention policy as a request body. An absent or null rule is off. */
export class RetentionPolicyDto {
  @ApiPropertyOptional({
    minimum: keepVersions.min,
    maximum: keepVersions.max,
    nullable: true,
    description: 'Keep the newest N versions of each file, the head counting as one',
  })
  @IsOptional()
  @IsInt()
  @Min(keepVersions.min)
  @Max(keepVersions.max)
  keepVersions?: number | null;

  @ApiPropertyOptional({
    minimum: keepDays.min,
    maximum: keepDays.max,
    nullable: true,
    description: 'Keep every version for N days after a newer version replaced it',
  })
  @IsOptional()
  @IsInt()
  @Min(keepDays.min)
  @Max(keepDays.max)
  keepDays?: number | null;

  @ApiPropertyOptional({
    minimum: trashDays.min,
    maximum: trashDays.max,
    default: DEFAULT_RETENTION_POLICY.trashDays,
    description: 'Purge trash items N days after their deletion',
  })
  @IsOptionalNonNull()
  @IsInt()
  @Min(trashDays.min)
  @Max(trashDays.max)
  trashDays?: number;
}
