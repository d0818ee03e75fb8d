import { Foundation1764100000000 } from './1764100000000-foundation.js';

/** Every migration, oldest first. ESM has no glob loading, so each one is listed here. */
export const MIGRATIONS = [Foundation1764100000000];
