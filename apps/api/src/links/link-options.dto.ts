import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { LINK_ACCESSES, type LinkAccess } from '@scaidrive/domain';
import { IsOptionalNonNull } from '../common/is-optional-non-null.decorator.js';

/** Maximum entries of an allow-list, so that each visit checks a short list. */
export const MAX_ALLOW_LIST_ENTRIES = 256;

/** Options a link's creator sets at creation and changes later; null clears a nullable one. */
export class LinkOptionsDto {
  @ApiPropertyOptional({ enum: LINK_ACCESSES, default: 'download' })
  @IsOptionalNonNull()
  @IsIn(LINK_ACCESSES)
  access?: LinkAccess;

  @ApiPropertyOptional({ nullable: true, minLength: 8, description: 'null removes the password' })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['203.0.113.0/24', '2001:db8::/32'] })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(MAX_ALLOW_LIST_ENTRIES)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  allowedNetworks?: string[];

  @ApiPropertyOptional({ type: [String], example: ['ann@example.com', '@example.org'] })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(MAX_ALLOW_LIST_ENTRIES)
  @IsString({ each: true })
  @MaxLength(320, { each: true })
  allowedEmails?: string[];

  @ApiPropertyOptional({
    nullable: true,
    example: '2027-01-31T17:00:00+01:00',
    description: 'An instant with its offset; null removes the expiry',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  expiresAt?: string | null;

  @ApiPropertyOptional({
    example: '2027-01-31',
    description: 'A date; the link works until the end of that day in timeZone',
  })
  @IsOptionalNonNull()
  @IsString()
  @MaxLength(10)
  expiresOn?: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', description: 'IANA zone of expiresOn' })
  @IsOptionalNonNull()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({ nullable: true, minimum: 1, description: 'null removes the cap' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  downloadLimit?: number | null;
}

export class CreateLinkDto extends LinkOptionsDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The file or folder; or give shareId' })
  @IsOptionalNonNull()
  @IsUUID()
  nodeId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A share, whose root folder the link opens' })
  @IsOptionalNonNull()
  @IsUUID()
  shareId?: string;
}
