import { createContext, useContext } from 'react';

/** The logged-in user as the API returns it. */
export interface SessionInfo {
  user: { username: string; role: string; displayName: string | null };
  permissions: string[];
}

export const SessionContext = createContext<SessionInfo | null>(null);

/** The current session (inside the logged-in app). */
export function useSession(): SessionInfo {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the logged-in app');
  return s;
}

/** True when the user holds `permission`. */
export function useCan(permission: string): boolean {
  return useSession().permissions.includes(permission);
}
