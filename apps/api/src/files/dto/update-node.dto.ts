import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsOptionalNonNull } from '../../common/is-optional-non-null.decorator.js';

/** Renames a node, moves it to another folder, or both. */
export class UpdateNodeDto {
  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptionalNonNull()
  @IsUUID()
  parentId?: string;
}
