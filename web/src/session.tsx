import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api/endpoints';
import { getWorkspace, isApiError, setCsrfToken, setWorkspace } from './api/client';
import type { Me, Role, Workspace } from './api/types';

export const ME_KEY = ['me'] as const;

/**
 * Who is signed in, or null. An unknown remembered workspace (left, or removed) is forgotten and
 * the user's first workspace used instead.
 */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await api.auth.me(signal);
  } catch (error) {
    if (isApiError(error, 'unauthenticated')) {
      setCsrfToken(null);
      return null;
    }
    if (isApiError(error, 'not_found') && getWorkspace()) {
      setWorkspace(null);
      return fetchMe(signal);
    }
    throw error;
  }
}

export function useMeQuery() {
  return useQuery({ queryKey: ME_KEY, queryFn: ({ signal }) => fetchMe(signal), staleTime: 60_000, retry: 1 });
}

export interface Session {
  me: Me;
  workspace: Workspace;
  role: Role;
  /** Member or above: may create and change accounts and contacts. */
  canWrite: boolean;
  /** Admin or owner: may manage members and workspace settings. */
  canAdmin: boolean;
  switchWorkspace(id: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ me, workspace, children }: { me: Me; workspace: Workspace; children: ReactNode }) {
  const queryClient = useQueryClient();
  const role = me.role ?? workspace.role;

  const switchWorkspace = useCallback(
    async (id: string) => {
      setWorkspace(id);
      // Everything cached belongs to the old workspace.
      await queryClient.resetQueries();
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await api.auth.logout();
    } finally {
      setWorkspace(null);
      setCsrfToken(null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      queryClient.setQueryData(ME_KEY, null);
    }
  }, [queryClient]);

  const value = useMemo<Session>(
    () => ({
      me,
      workspace,
      role,
      canWrite: role !== 'viewer',
      canAdmin: role === 'admin' || role === 'owner',
      switchWorkspace,
      signOut,
    }),
    [me, workspace, role, switchWorkspace, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
