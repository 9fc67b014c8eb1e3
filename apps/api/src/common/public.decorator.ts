import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'scaidrive:is-public';

/** Marks a route that answers without a bearer token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
