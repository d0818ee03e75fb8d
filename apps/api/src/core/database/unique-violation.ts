import { QueryFailedError } from 'typeorm';

/** Whether `error` is PostgreSQL refusing a row because the unique index `index` already holds its value. */
export function isUniqueViolation(error: unknown, index: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && driverError.constraint === index;
}
