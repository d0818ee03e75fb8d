import { Foundation1764100000000 } from './1764100000000-foundation.js';
import { UserAdminIndexes1764300000000 } from './1764300000000-user-admin-indexes.js';
import { ContactKeys1764450000000 } from './1764450000000-contact-keys.js';

/** Every migration, oldest first. ESM has no glob loading, so each one is listed here (one per line). */
export const MIGRATIONS = [
  Foundation1764100000000,
  UserAdminIndexes1764300000000,
  ContactKeys1764450000000,
];
