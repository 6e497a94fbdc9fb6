import { describe, expect, it } from 'vitest';
import { parseLossReasons } from './map-loss.js';

/** A CRM's words for why a client left, onto Rapport's taxonomy (postmortems/reasons.ts). */
describe('parseLossReasons', () => {
  it.each<[string, string[], boolean]>([
    // A reason's own name: its key in any case, or the words the app shows for it.
    ['price', ['price'], true],
    ['PRICE', ['price'], true],
    ['missed_results', ['missed_results'], true],
    ['MISSED_RESULTS', ['missed_results'], true],
    ['Missed results', ['missed_results'], true],
    ['Quality of work', ['quality'], true],
    ['Staff change at the client', ['staff_change_client'], true],
    ['Taken in-house', ['in_housing'], true],
    ['Agency consolidation', ['consolidation'], true],
    ['Client strategy changed', ['strategy_change'], true],
    // Multi-selects: HubSpot and Salesforce separate with `;`, Twenty exports a JSON array.
    ['Price;Quality', ['price', 'quality'], true],
    ['relationship | price', ['price', 'relationship'], true],
    ['["PRICE","IN_HOUSING"]', ['price', 'in_housing'], true],
    // Nobody knows.
    ['Unknown', ['unknown'], true],
    ['Other', ['unknown'], true],
    ['N/A', ['unknown'], true],
    ['', ['unknown'], true],
    ['Price; Other', ['price'], true],
    // A CRM's own words: the reasons they name, the words kept (not exact).
    ['Too expensive', ['price'], false],
    ['Budget cuts', ['strategy_change'], false],
    ['Poor results / no ROI', ['missed_results'], false],
    ['Lots of errors and rework', ['quality'], false],
    ['Poor communication', ['relationship'], false],
    ['Our account manager left', ['staff_change_agency'], false],
    ['New account director, client did not like him', ['staff_change_agency'], false],
    ['Champion left the company', ['staff_change_client'], false],
    ['New CMO brought her own agency', ['staff_change_client', 'consolidation'], false],
    ['Change in leadership', ['staff_change_client'], false],
    ['Brought marketing in-house', ['in_housing'], false],
    ['Hired an internal team', ['in_housing'], false],
    ['Consolidated with their holding group agency', ['consolidation'], false],
    ['Lost the re-pitch', ['consolidation'], false],
    ['Merger with a competitor', ['strategy_change'], false],
    ['Too expensive, and the results were poor', ['price', 'missed_results'], false],
    ['Timing', ['unknown'], false],
    ['Lost to competitor', ['unknown'], false],
    ['Prix trop élevé', ['unknown'], false],
  ])('%j → %j', (text, reasons, isExact) => {
    expect(parseLossReasons(text)).toEqual({ reasons, isExact });
  });
});
