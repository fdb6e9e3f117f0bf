/**
 * Who is calling: a signed-in user (session cookie) or an API key acting for its user.
 * Every page, server action and JSON route resolves one (health check and sign-in aside).
 */
export type Role = 'admin' | 'member';
export type AccessLevel = 'public' | 'member' | 'admin';

export interface Principal {
  userId: string;
  email: string;
  name: string;
  role: Role;
  via: 'session' | 'api-key';
}

export const canAccess = (p: Principal | null, level: AccessLevel) =>
  level === 'public' || (p !== null && (level === 'member' || p.role === 'admin'));
