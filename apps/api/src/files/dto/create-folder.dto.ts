import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

export class CreateFolderDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  parentId!: string;

  @ApiProperty({ example: 'Reports' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  name!: string;
}
