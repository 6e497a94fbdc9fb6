import type { KeyboardEvent } from 'react';

/**
 * Ctrl+Enter (⌘+Enter on a Mac) sends the form, as on every form of the app (SaveForm): the
 * shortcuts help and the README promise it, and the first forms a new team meets — the setup, the
 * sign-in, the welcome — ignored it.
 */
export function submitOnCtrlEnter(event: KeyboardEvent<HTMLFormElement>): void {
  if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
  event.preventDefault();
  // As Enter does: nothing while the form's button is disabled (being sent, or not filled in yet).
  const button = event.currentTarget.querySelector<HTMLButtonElement>('button[type="submit"]');
  if (button?.disabled) return;
  event.currentTarget.requestSubmit(button ?? undefined);
}
