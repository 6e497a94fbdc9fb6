/**
 * Why a score changed between two computations, pure: which components moved (by their points,
 * largest move first) and which facts entered or left each component's fact list. The account page
 * shows it next to the health history ("−8.5: delivery on time, deliverable 'Q3 report' now late").
 * Works on stored snapshots as well as fresh results: it reads only score and components.
 */
import type { FactRef } from './facts.js';

/** The part of a component the diff reads (a stored snapshot's components have at least this). */
export interface ComponentSnapshot {
  key: string;
  label: string;
  value: number | null;
  contribution: number;
  facts: FactRef[];
}

export interface ScoreSnapshot {
  score: number;
  components: ComponentSnapshot[];
}

export interface ComponentChange {
  key: string;
  label: string;
  /** Points before and after, and after − before (one decimal). */
  before: number;
  after: number;
  delta: number;
  valueBefore: number | null;
  valueAfter: number | null;
  /** Facts in the component's list after but not before, and before but not after, in list order. */
  factsEntered: FactRef[];
  factsLeft: FactRef[];
}

export interface ScoreChange {
  before: number;
  after: number;
  /** after − before, one decimal. */
  delta: number;
  /** Components whose points or facts changed, the largest move first (ties: component order). */
  components: ComponentChange[];
}

const round1 = (n: number): number => Math.round(n * 10) / 10 + 0;
const factKey = (f: FactRef): string => `${f.kind}:${f.id}`;

/** The components that moved between two scores of one account, and the facts behind each move. */
export function explainChange(before: ScoreSnapshot, after: ScoreSnapshot): ScoreChange {
  const byKey = new Map(before.components.map((c) => [c.key, c]));
  const keys = [...after.components.map((c) => c.key), ...before.components.map((c) => c.key).filter((k) => !after.components.some((c) => c.key === k))];
  const afterByKey = new Map(after.components.map((c) => [c.key, c]));
  const changes: ComponentChange[] = [];
  for (const key of keys) {
    const b = byKey.get(key);
    const a = afterByKey.get(key);
    const beforeFacts = new Set((b?.facts ?? []).map(factKey));
    const afterFacts = new Set((a?.facts ?? []).map(factKey));
    const factsEntered = (a?.facts ?? []).filter((f) => !beforeFacts.has(factKey(f)));
    const factsLeft = (b?.facts ?? []).filter((f) => !afterFacts.has(factKey(f)));
    const delta = round1((a?.contribution ?? 0) - (b?.contribution ?? 0));
    const valueBefore = b?.value ?? null;
    const valueAfter = a?.value ?? null;
    if (delta === 0 && valueBefore === valueAfter && factsEntered.length === 0 && factsLeft.length === 0) continue;
    changes.push({
      key,
      label: a?.label ?? b?.label ?? key,
      before: b?.contribution ?? 0,
      after: a?.contribution ?? 0,
      delta,
      valueBefore,
      valueAfter,
      factsEntered,
      factsLeft,
    });
  }
  // Stable sort: equal moves keep the component order.
  changes.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
  return { before: before.score, after: after.score, delta: round1(after.score - before.score), components: changes };
}
