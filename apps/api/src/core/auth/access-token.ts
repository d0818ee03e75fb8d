/** Claims of an access token. Kept small: the matrix comes from the role, the rest from the database on demand. */
export interface AccessTokenClaims {
  sub: string;
  /** Team id, or null. */
  tid: string | null;
  /** Role id. */
  rid: string;
  typ: 'access';
}

export const JWT_ISSUER = 'crm';
export const JWT_ALGORITHM = 'HS256';
