import { describe, expect, it } from 'vitest';
import type { Deliverable } from '../../api/types';
import { incidentDeliverableChoices } from './incident-choices';

const deliverable = (id: string, title: string, dueAt: string): Deliverable =>
  ({ id, title, dueAt, projectName: 'Always-on PR' }) as Deliverable;

describe('incidentDeliverableChoices', () => {
  it('offers the latest due first, whatever order the ledger lists them in', () => {
    const choices = incidentDeliverableChoices([
      deliverable('a', 'Monthly report: January', '2026-02-05T16:00:00.000Z'),
      deliverable('b', 'Monthly report: March', '2026-04-05T15:00:00.000Z'),
      deliverable('c', 'Monthly report: February', '2026-03-05T16:00:00.000Z'),
    ]);
    expect(choices.map((c) => c.id)).toEqual(['b', 'c', 'a']);
  });

  it('tells two deliverables of one title apart by their due day', () => {
    const [late, early] = incidentDeliverableChoices([
      deliverable('a', 'Weekly report', '2026-03-02T11:00:00.000Z'),
      deliverable('b', 'Weekly report', '2026-03-09T11:00:00.000Z'),
    ]);
    expect(late?.label).toMatch(/^Weekly report \(Always-on PR, due .+\)$/);
    expect(late?.label).not.toBe(early?.label);
  });
});
