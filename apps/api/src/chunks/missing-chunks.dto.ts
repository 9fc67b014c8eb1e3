import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, Matches } from 'class-validator';

export class MissingChunksDto {
  @ApiProperty({ type: [String], maxItems: 10_000 })
  @IsArray()
  @ArrayMaxSize(10_000)
  @Matches(/^[0-9a-f]{64}$/, { each: true, message: 'each hash must be 64 lowercase hex digits' })
  hashes!: string[];
}
