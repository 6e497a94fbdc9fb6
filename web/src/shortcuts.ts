import { CHANNELS } from './api/types';

/** The account page's keys for adding to the delivery ledger (delivery-section.tsx answers them). */
export const LEDGER_KEYS = { p: 'project', d: 'deliverable', g: 'target', i: 'incident' } as const satisfies Record<string, 'project' | 'deliverable' | 'target' | 'incident'>;

export interface ShortcutGroup {
  title: string;
  /** The screen these keys belong to, by its path; the help lists the current screen's first. */
  appliesTo?: (path: string) => boolean;
  keys: ReadonlyArray<readonly [keys: readonly string[], action: string]>;
}

const isAccountPage = (path: string) => /^\/accounts\/[^/]+$/.test(path) && path !== '/accounts/new';

/**
 * Every keyboard shortcut, for the help that `?` opens. The screens answer the keys themselves;
 * this is what they answer, written once for people to read.
 */
export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    title: 'Everywhere',
    keys: [
      [['?'], 'Show these shortcuts'],
      [['Esc'], 'Close a dialog'],
    ],
  },
  {
    title: 'Portfolio',
    appliesTo: (path) => path === '/',
    keys: [
      [['/'], 'Search accounts'],
      [['j', '↓'], 'Next account'],
      [['k', '↑'], 'Previous account'],
      [['Enter'], 'Open the highlighted account'],
      [['n'], 'New account'],
      [['Esc'], 'Leave the search; clear the highlight'],
    ],
  },
  {
    title: 'Account',
    appliesTo: isAccountPage,
    keys: [
      [['t'], 'Log a touchpoint'],
      ...Object.entries(LEDGER_KEYS).map(([key, kind]) => [[key], kind === 'incident' ? 'Record an incident' : `Add a ${kind}`] as const),
    ],
  },
  {
    title: 'Alerts',
    appliesTo: (path) => path === '/alerts',
    keys: [
      [['j', '↓'], 'Next alert'],
      [['k', '↑'], 'Previous alert'],
      [['a'], 'Acknowledge the selected alert'],
      [['s'], 'Snooze it'],
      [['r'], 'Resolve it'],
      [['Enter', 'o'], 'Open its account'],
      [['Esc'], 'Close the action; clear the selection'],
    ],
  },
  {
    title: 'Forms',
    keys: [
      [['Ctrl+Enter'], 'Save (⌘+Enter on a Mac)'],
      [['Esc'], 'Cancel a form in a dialog'],
    ],
  },
  {
    title: 'Logging a touchpoint',
    appliesTo: isAccountPage,
    keys: [
      [[`1–${CHANNELS.length}`], 'Channel, in the order shown'],
      [['c'], 'Client-initiated'],
      [['a'], 'Agency-initiated'],
    ],
  },
  {
    title: 'Ledger forms',
    appliesTo: isAccountPage,
    keys: [
      [['m'], 'Target: more is better'],
      [['l'], 'Target: less is better'],
      [['1–3'], 'Incident: severity'],
    ],
  },
  {
    title: 'Marking an account lost',
    appliesTo: isAccountPage,
    keys: [[['1–9', '0'], 'Tick or untick a reason, in the order shown']],
  },
];

/** The groups in the order the help shows them: the current screen's first, then the rest as listed. */
export function shortcutGroupsFor(path: string): Array<ShortcutGroup & { current: boolean }> {
  const marked = SHORTCUT_GROUPS.map((g) => ({ ...g, current: g.appliesTo?.(path) ?? false }));
  return [...marked.filter((g) => g.current), ...marked.filter((g) => !g.current)];
}
