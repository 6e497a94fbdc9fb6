/** Pure vocabulary of touchpoints. */
export const CHANNELS = ['email', 'call', 'meeting', 'video', 'chat', 'social', 'report', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];
export const DIRECTIONS = ['agency_initiated', 'client_initiated'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const SOURCES = ['manual', 'api', 'csv', 'ics', 'email'] as const;
export type Source = (typeof SOURCES)[number];
