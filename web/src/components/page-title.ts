import { useEffect } from 'react';

/** Sets the tab's title to "<title> · Rapport" while the screen is shown. */
export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Rapport` : 'Rapport';
  }, [title]);
}
