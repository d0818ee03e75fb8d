import { Deals1764600000000 } from './1764600000000-deals.js';
import { ProductIndexes1764610000000 } from './1764610000000-product-indexes.js';
import { DealSortIndexes1764620000000 } from './1764620000000-deal-sort-indexes.js';
import { Foundation1764100000000 } from './1764100000000-foundation.js';
import { UserAdminIndexes1764300000000 } from './1764300000000-user-admin-indexes.js';
import { ContactKeys1764450000000 } from './1764450000000-contact-keys.js';
import { CustomFieldsSegments1764530000000 } from './1764530000000-custom-fields-segments.js';
import { Notes1764510000000 } from './1764510000000-notes.js';
import { Imports1764520000000 } from './1764520000000-imports.js';
import { SearchDuplicates1764500000000 } from './1764500000000-search-duplicates.js';
import { SearchStatistics1764640000000 } from './1764640000000-search-statistics.js';
import { Tasks1764700000000 } from './1764700000000-tasks.js';
import { TaskListIndexes1764720000000 } from './1764720000000-task-list-indexes.js';

/** Every migration, oldest first. ESM has no glob loading, so each one is listed here (one per line). */
export const MIGRATIONS = [
  Foundation1764100000000,
  UserAdminIndexes1764300000000,
  ContactKeys1764450000000,
  CustomFieldsSegments1764530000000,
  Notes1764510000000,
  Imports1764520000000,
  SearchDuplicates1764500000000,
  Deals1764600000000,
  ProductIndexes1764610000000,
  DealSortIndexes1764620000000,
  SearchStatistics1764640000000,
  Tasks1764700000000,
  TaskListIndexes1764720000000,
];
