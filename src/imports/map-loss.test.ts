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
  ])('%j → %j', (text, reasons, isExact) => {
    expect(parseLossReasons(text)).toEqual({ reasons, isExact });
  });
});

/**
 * The same reasons in the words of German, French, Spanish and Dutch exports (decision 0021): each
 * reason in each language, accents and ß as people type them, and words that must not be read as a
 * reason. The text is never exact: it is kept in the notes.
 */
describe('parseLossReasons in German, French, Spanish and Dutch', () => {
  it.each<[string, string[]]>([
    // German
    ['Preis zu hoch', ['price']],
    ['Zu teuer', ['price']],
    ['Günstigeres Angebot erhalten', ['price']],
    ['Mangelnde Qualität, viele Fehler', ['quality']],
    ['Keine Ergebnisse, Ziele verfehlt', ['missed_results']],
    ['Vertrauensverlust, schlechte Kommunikation', ['relationship']],
    ['Unser Kundenberater hat die Agentur verlassen', ['staff_change_agency']],
    ['Neuer Geschäftsführer', ['staff_change_client']],
    ['Marketingleiterin ist gegangen', ['staff_change_client']],
    ['Budgetkürzung', ['strategy_change']],
    ['Sparmaßnahmen nach der Übernahme', ['strategy_change']],
    ['Machen es jetzt in Eigenregie', ['in_housing']],
    ['Internes Team aufgebaut', ['in_housing']],
    ['Pitch verloren', ['consolidation']],
    ['Wechsel zu einer anderen Agentur', ['consolidation']],
    // French
    ['Prix trop élevé', ['price']],
    ['Trop cher', ['price']],
    ['Qualité insuffisante', ['quality']],
    ['Résultats décevants', ['missed_results']],
    ['Manque de confiance', ['relationship']],
    ['Notre chef de projet est parti', ['staff_change_agency']],
    ['Nouveau directeur marketing', ['staff_change_client']],
    ['Changement de direction chez le client', ['staff_change_client']],
    ['Coupes budgétaires', ['strategy_change']],
    ['Internalisé', ['in_housing']],
    ['Appel d’offres perdu', ['consolidation']],
    // Spanish
    ['Precio demasiado alto', ['price']],
    ['Demasiado caro', ['price']],
    ['Mala calidad, muchos errores', ['quality']],
    ['No se cumplieron los objetivos', ['missed_results']],
    ['Falta de confianza', ['relationship']],
    ['Nuestro ejecutivo de cuentas se fue', ['staff_change_agency']],
    ['Nuevo director de marketing', ['staff_change_client']],
    ['Recortes de presupuesto', ['strategy_change']],
    ['Lo hacen con su propio equipo', ['in_housing']],
    ['Se fueron a otra agencia', ['consolidation']],
    // Dutch
    ['Prijs te hoog', ['price']],
    ['Te duur', ['price']],
    ['Kwaliteit onvoldoende', ['quality']],
    ['Geen resultaten', ['missed_results']],
    ['Geen klik, slechte communicatie', ['relationship']],
    ['Onze accountmanager is vertrokken', ['staff_change_agency']],
    ['Nieuwe marketingmanager', ['staff_change_client']],
    ['Bezuinigingen', ['strategy_change']],
    ['Gaan het zelf doen met een eigen team', ['in_housing']],
    ['Naar een ander bureau', ['consolidation']],
    // Several reasons in one part, and a multi-select.
    ['Zu teuer und keine Ergebnisse', ['price', 'missed_results']],
    ['Prix;Qualité', ['price', 'quality']],
    // Words that are no reason: nothing is made up.
    ['Vertragsende', ['unknown']],
    ['Looptijd contract verstreken', ['unknown']],
    ['Fin de contrat', ['unknown']],
    ['Chercher un nouveau partenaire', ['unknown']],
    ['Nouvelle direction', ['unknown']],
    ['Fin del contrato', ['unknown']],
  ])('%j → %j', (text, reasons) => {
    expect(parseLossReasons(text)).toEqual({ reasons, isExact: false });
  });

  it.each(['Unbekannt', 'Sonstiges', 'k.A.', 'Keine Angabe', 'Inconnu', 'Autre', 'Desconocido', 'Otro', 'Onbekend', 'Overig', 'Anders'])('%j says nobody knows', (text) => {
    expect(parseLossReasons(text)).toEqual({ reasons: ['unknown'], isExact: true });
  });
});
