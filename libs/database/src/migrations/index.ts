import { CreateReadModels1764806400000 } from './1764806400000-create-read-models.js';

/** Every migration in the order they apply. */
export const MIGRATIONS = [CreateReadModels1764806400000];
