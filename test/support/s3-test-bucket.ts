import { randomBytes } from 'node:crypto';
import { Client } from 'minio';
import { type S3ChunkStoreSettings, toClientOptions } from '@scaidrive/chunk-store/s3';

/** Returns a new valid bucket name, so runs against a shared server do not see each other. */
export function uniqueBucketName(prefix = 'scaidrive-test'): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every object of the bucket, then the bucket. Does nothing when the bucket is missing. */
export async function removeBucketAndObjects(settings: S3ChunkStoreSettings): Promise<void> {
  const client = new Client(toClientOptions(settings));
  if (!(await client.bucketExists(settings.bucket))) return;
  const names: string[] = [];
  for await (const item of client.listObjectsV2(settings.bucket, '', true)) {
    if (item.name) names.push(item.name);
  }
  if (names.length > 0) await client.removeObjects(settings.bucket, names);
  await client.removeBucket(settings.bucket);
}
