import { hashPassword } from '../core/auth/secrets.js';
import { withClient } from '../core/database/db-client.js';

/** Creates an active admin with this email unless a user with it exists; returns whether one was created. */
export async function ensureAdmin(url: string, email: string, password: string, name = 'Administrator'): Promise<boolean> {
  if (password.length < 8) throw new Error('The admin password must be at least 8 characters long');
  const passwordHash = await hashPassword(password);
  return withClient(url, async (client) => {
    const result = await client.query(
      `INSERT INTO users (email, name, password_hash, role_id)
       SELECT $1, $2, $3, id FROM roles WHERE key = 'admin'
       ON CONFLICT (lower(email)) DO NOTHING`,
      [email, name, passwordHash],
    );
    return result.rowCount === 1;
  });
}
