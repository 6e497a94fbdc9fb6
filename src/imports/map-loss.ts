/**
 * The loss of a lost account's row: the day it was lost, the reasons on Rapport's taxonomy (read
 * from a CRM's own words), and the notes, checked by the schema `POST /api/accounts/{id}/lost`
 * takes, so an imported loss is one a person could have recorded. Whether the day fits the account
 * (not in the future, not before it began), and whether a row without a day fails, is decided per
 * batch, where the account and the clock are known (postmortems/loss.ts, apply-batch.ts).
 * docs/decisions/0021-importing-lost-accounts.md. Pure: no I/O.
 */
import { LOSS_REASONS, type LossReason } from '../postmortems/reasons.js';
import { MarkLostSchema } from '../postmortems/schemas.js';
import { parseDateTime, type DateOrder } from './dates.js';
import { quote, splitCell, type RowError, type RowReader } from './row-reader.js';

/**
 * A loss as an import records it: what `markAccountLost` takes. A row may give no day: such a loss
 * cannot be recorded, and `missingDay` says why and what to do. It fails the row only where a
 * record would be made (a new account, or one lost without a record); an account already there
 * otherwise is left as it is, as any duplicate (decision 0021).
 */
export type LossDraft = {
  reasons: LossReason[];
  notes: string;
} & (
  | {
      /** 'YYYY-MM-DD' (UTC). */
      lostOn: string;
      /** The column the day came from, for errors about it found later (in the future, before the account began). */
      lostOnColumn: string;
    }
  | { lostOn: null; missingDay: RowError }
);

/**
 * Words CRMs and people use for each reason, tried on the text folded to lower-case letters and
 * digits between single spaces. Staff changes name whose staff, with the change a few words on
 * (bounded, so a long text costs linear time): "our account manager left" is the
 * agency's, "the new CMO" or "champion left" the client's. Budget cuts and mergers are a change of
 * the client's strategy; a lost pitch or another agency is consolidation (the work went to one
 * agency, not us); a plain "competitor" says nothing more.
 */
const REASON_WORDS: ReadonlyArray<readonly [LossReason, RegExp]> = [
  ['price', /\b(price|prices|priced|pricing|overpriced|expensive|cheaper|cheap|costs?|costly|fees?|value for money|too much money)\b/],
  ['quality', /\b(quality|errors?|mistakes?|rework|sloppy|inaccura(te|cy)|typos?|poor work|bad work|not up to standard)\b/],
  ['missed_results', /\b(results?|roi|performance|underperform\w*|kpis?|targets?|goals?|no growth|ineffective|no impact|did ?n t work|not working)\b/],
  ['relationship', /\b(relationship|chemistry|trust|communication|unresponsive\w*|responsiveness|rapport|personalit(y|ies)|culture fit|not a good fit|poor fit)\b/],
  [
    'staff_change_agency',
    /\b((account|client) (manager|director|lead|executive)|our (team|people|staff|strategist|lead|am)|agency (staff|team|people))\b.{0,60}\b(left|leaving|departed|quit|changed?|replaced|turnover|moved on)\b|\b(new|change of|changed) (account (manager|director|lead|executive)|agency team)\b|\b(staff change at the agency|agency staff change|agency turnover)\b/,
  ],
  [
    'staff_change_client',
    /\b(champion|sponsor|decision maker|stakeholder|key contact|main contact|our contact|(?<!(account|client) )(cmo|ceo|cfo|cto|marketing (director|manager|lead)|head of marketing|vp marketing|buyer|owner))\b.{0,60}\b(left|leaving|departed|quit|changed?|replaced|retired|moved on)\b|\bnew (cmo|ceo|cfo|management|leadership|marketing (director|manager|lead|team)|head of marketing|vp|owners?|boss|decision maker)\b|\b(leadership|management) change\b|\bchange (in|of) (leadership|management)\b|\b(staff change at the client|client staff change|client side staff|turnover at the client)\b/,
  ],
  ['strategy_change', /\b(strateg(y|ic|ies)|new direction|change of direction|pivot\w*|prioriti[sz]\w*|priorities|budgets?|cuts?|cutbacks?|merger|merged|acquired|acquisition|reorg\w*|restructur\w*|rebrand\w*|no longer need\w*)\b/],
  ['in_housing', /\b(in house|inhouse|insourc\w*|internal (team|teams|resources?|hires?|marketing)|own team|themselves|hired their own)\b/],
  ['consolidation', /\b(consolidat\w*|holding|network agency|one agency|single agency|another agency|other agency|new agency|different agency|cheaper agency|(her|his) own agency|agency roster|agency review|lost the (pitch|tender|rfp|re ?pitch)|re ?pitch|tender)\b/],
];

/** "Left", "went", "was replaced" in German, French, Spanish and Dutch (folded: no accents, ß as ss). */
const LEFT_DE_FR_ES_NL =
  '(verlassen|verlasst|verliess?|gegangen|ausgeschieden|gekundigt|gewechselt|parti|partie|partis|quitte\\w*|depart|remplace\\w*|se fue|se ha ido|salio|dejo|ha dejado|renuncio|sustituid\\w*|reemplazad\\w*|vertrokken|vertrok|weggegaan|gestopt|vervangen|opgestapt)';
/** A client's people: its management, its marketing lead, our contact there. */
const CLIENT_ROLE_DE_FR_ES_NL =
  '(geschaftsfuhrer\\w*|geschaftsfuhrung|marketingleiter\\w*|marketingleitung|marketingchef\\w*|entscheider\\w*|ansprechpartner\\w*|inhaber|eigentumer|directeur(?! de clientele)|directrice(?! de clientele)|directeur marketing|directrice marketing|responsable marketing|pdg|dg|interlocut\\w*|proprietaire|director(?:a)?(?! de cuentas)|gerente|gerencia|interlocutor\\w*|dueno|duenos|marketingmanager|marketingdirecteur|directie|contactpersoon|eigenaar|eigenaren)';
/** The agency's people: the account manager, our team. */
const AGENCY_ROLE_DE_FR_ES_NL =
  '(unser\\w* (berater|kundenberater|projektleiter|team)|kundenberater\\w*|kundenbetreuer\\w*|accountmanager|notre (chef de projet|consultant\\w*|equipe)|directeur de clientele|directrice de clientele|charge\\w* de clientele|nuestr[oa] (ejecutiv[oa]|consultor\\w*|equipo)|ejecutiv[oa] de cuentas?|responsable de (la )?cuenta|onze (accountmanager|projectleider|consultant|mensen)|projectleider)';
const NEW_DE_FR_ES_NL = '(neuer?|neuen|nouveau|nouvel|nouvelle|nuev[oa]s?|nieuwe?)';

/**
 * The same reasons in the words of German, French, Spanish and Dutch CRM exports (agencies across
 * Europe keep their churn reasons in their own language), tried the same way on the folded text:
 * "Preis zu hoch", "trop cher", "demasiado caro", "te duur" are price. Words that mean two things
 * in a language are left out ("nouvelle direction" is new management or a new direction; Dutch
 * "duur" alone is also a duration): such a part gives `unknown`, its text kept in the notes.
 */
const REASON_WORDS_DE_FR_ES_NL: ReadonlyArray<readonly [LossReason, RegExp]> = [
  [
    'price',
    /\b(preis\w*|zu teuer|teuer\w*|kosten\w*|gunstiger\w*|billiger\w*|honorar\w*|prix|tarifs?|trop cher|cher|chere|chers|couts?|moins cher\w*|honoraires|precios?|caro|cara|caros|demasiado caro|costes?|costos?|mas barat\w*|barat\w*|tarifas?|honorarios|prijs\w*|te duur|duurder|goedkoper|tarie(f|ven)|kostprijs)\b/,
  ],
  [
    'quality',
    /\b(qualitat\w*|fehler\w*|fehlerhaft\w*|schlechte arbeit|nacharbeit\w*|ungenau\w*|qualite|erreurs?|fautes?|mauvais travail|travail bacle|imprecis\w*|coquilles?|calidad|errores|fallos?|mal trabajo|trabajo deficiente|erratas?|kwaliteit|fouten|fout|slordig\w*|slecht werk|onnauwkeurig\w*)\b/,
  ],
  [
    'missed_results',
    /\b(ergebnis\w*|resultat\w*|ziele?|zielverfehlung|kein wachstum|erfolglos\w*|kein erfolg|keine wirkung|unwirksam|nicht funktioniert|resultats?|objectifs?|pas de croissance|inefficace\w*|sans effet|n a pas marche|pas de retour|retour sur investissement|resultados?|rendimiento|objetivos?|metas?|sin crecimiento|ineficaz|no funciono|sin impacto|sin retorno|resultaten|resultaat|prestaties|doelen|doelstelling\w*|geen groei|niet effectief|ineffectief|werkte niet|geen impact|geen rendement)\b/,
  ],
  [
    'relationship',
    /\b(beziehung\w*|vertrauen\w*|kommunikation\w*|chemie|relation\w*|confiance|chimie|reactivite|relacion\w*|confianza|comunicacion|quimica|falta de respuesta|relatie\w*|vertrouwen|communicatie|geen klik)\b/,
  ],
  [
    'staff_change_agency',
    new RegExp(
      `\\b${AGENCY_ROLE_DE_FR_ES_NL}\\b.{0,60}\\b${LEFT_DE_FR_ES_NL}\\b|\\b${NEW_DE_FR_ES_NL} (kundenberater\\w*|accountmanager|chef de projet|directeur de clientele|directrice de clientele|ejecutiv[oa] de cuentas?)\\b|\\b(beraterwechsel|wechsel (des|unseres) (beraters|kundenberaters)|personalwechsel (in|bei) der agentur|changement d interlocuteur chez nous|cambio de ejecutiv[oa])\\b`,
    ),
  ],
  [
    'staff_change_client',
    new RegExp(
      `\\b${CLIENT_ROLE_DE_FR_ES_NL}\\b.{0,60}\\b${LEFT_DE_FR_ES_NL}\\b|\\b${NEW_DE_FR_ES_NL} ${CLIENT_ROLE_DE_FR_ES_NL}\\b|\\b${NEW_DE_FR_ES_NL} (cmo|ceo|cfo|cto)\\b|\\b(fuhrungswechsel|geschaftsfuhrerwechsel|personalwechsel beim kunden|changement de (direction|dirigeant\\w*|management)|cambio de (gerencia|directiva|director\\w*)|directiewissel\\w*|wisseling van (de )?directie|managementwissel\\w*)\\b`,
    ),
  ],
  [
    'strategy_change',
    /\b(strategie\w*|neuausrichtung|neuorientierung|budget\w*|kurzung\w*|sparmassnahmen|sparkurs|fusion\w*|ubernahme|ubernommen|umstrukturierung|restrukturierung|prioritat\w*|kein bedarf mehr|coupes? budgetaires?|reduction\w* (de|du|des) budget\w*|rachat|rachete\w*|restructuration|reorganisation|priorites|plus besoin|estrategi\w*|presupuesto\w*|recortes?|adquisicion|adquirid\w*|reestructuracion|reorganizacion|prioridades|ya no (lo )?necesita\w*|bezuinig\w*|fusie|overname|overgenomen|reorganisatie|herstructurering|prioriteiten|geen behoefte meer)\b/,
  ],
  [
    'in_housing',
    /\b(internes? team|interne abteilung|eigene\w* (team|abteilung|leute|mitarbeiter)|selbst (machen|ubernommen|gemacht)|internalisier\w*|eigenregie|en interne|internalis\w*|equipe interne|leur propre equipe|eux memes|internaliz\w*|equipo (interno|propio)|su propio equipo|ellos mismos|internamente|naar intern|intern (opgepakt|gehaald|belegd)|in eigen beheer|eigen (team|afdeling|mensen|marketingafdeling)|interne? (team|afdeling|marketing)|zelf (doen|gaan doen|oppakken))\b/,
  ],
  [
    'consolidation',
    /\b(konsolidier\w*|anderen? agentur|neuen? agentur|eine agentur|agenturwechsel|netzwerkagentur|leadagentur|pitch verloren|ausschreibung\w*|consolid\w*|autre agence|nouvelle agence|une seule agence|agence unique|appel d offres?|pitch perdu|otra agencia|nueva agencia|una sola agencia|agencia unica|concurso|licitacion\w*|ander(e)? (bureau|reclamebureau)|nieuw bureau|bureauwissel\w*|aanbesteding\w*|pitch verloren)\b/,
  ],
];

const ALL_REASON_WORDS = [...REASON_WORDS, ...REASON_WORDS_DE_FR_ES_NL];

/** Notes of a loss at most, as `POST /api/accounts/{id}/lost` takes them. */
const MAX_NOTES = 20_000;

/** Text that says nobody knows why: the reason `unknown`, no words kept for it. */
const UNKNOWN_WORDS =
  /^(unknown|other|others|n ?a|none|no reason( given)?|not given|not known|unsure|not sure|don ?t know|dont know|tbd|tbc|unbekannt|sonstiges?|andere|keine angabe|k ?a|inconnu|inconnue|autre|autres|non renseigne|non precise|desconocido|otro|otros|otra|ninguno|sin motivo|no se sabe|onbekend|anders|overig|overige|geen reden|niet bekend)$/;

/** Lower-case letters and digits between single spaces: "Staff change (client)" → "staff change client", "Kürzung" → "kurzung", "Maßnahmen" → "massnahmen". */
const fold = (text: string) =>
  text
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** A reason's own names, folded: its key (`missed_results`, `MISSED_RESULTS`) and the words the app shows for it. */
const REASON_NAMES = new Map<string, LossReason>([
  ...LOSS_REASONS.map((r) => [fold(r), r] as const),
  ...(
    [
      ['quality of work', 'quality'],
      ['staff change at the client', 'staff_change_client'],
      ['staff change at the agency', 'staff_change_agency'],
      ['client strategy changed', 'strategy_change'],
      ['taken in house', 'in_housing'],
      ['agency consolidation', 'consolidation'],
    ] as const
  ).map(([name, reason]) => [fold(name), reason] as const),
]);

/** The parts of a reasons cell: a multi-select's `A;B` (HubSpot, Salesforce), `A|B`, lines, or a JSON array (Twenty). */
function splitReasons(value: string): string[] {
  return splitCell(value, /[;|\n\r]+/);
}

/**
 * A CRM's reasons for a loss on Rapport's taxonomy, in the taxonomy's order: each part of the cell
 * by a reason's own name, else by the words it uses (several reasons may be named in one part).
 * `unknown` only when no part names a known reason. `isExact` is true when every part was a
 * reason's own name or said nobody knows, so the text adds nothing the reasons do not say.
 */
export function parseLossReasons(value: string): { reasons: LossReason[]; isExact: boolean } {
  const found = new Set<LossReason>();
  let isExact = true;
  for (const part of splitReasons(value)) {
    const folded = fold(part);
    const named = REASON_NAMES.get(folded);
    if (named) {
      found.add(named);
      continue;
    }
    if (UNKNOWN_WORDS.test(folded)) continue;
    isExact = false;
    // A part longer than a loss's notes cannot be kept with it (the row fails on that): not worth reading.
    if (folded.length > MAX_NOTES) continue;
    for (const [reason, words] of ALL_REASON_WORDS) if (words.test(folded)) found.add(reason);
  }
  // "Price; other" is a price: unknown is for a loss nobody can say anything about.
  if (found.size > 1) found.delete('unknown');
  const reasons = LOSS_REASONS.filter((r) => found.has(r));
  return { reasons: reasons.length > 0 ? reasons : ['unknown'], isExact };
}

/**
 * The loss a lost account's row records, or null with the reasons in `row.errors`: a day is a date
 * or a date-time whose day in UTC is taken (CRMs export either), and an import never makes one up
 * (without one, `missingDay`); the reasons default to `unknown`; the notes are the notes columns
 * followed by the reasons' own words whenever they were more than a reason's name ("Churn reason:
 * Went with a cheaper agency"), so nothing the CRM said is lost. `statusColumn` is the column that
 * said the account is lost, for the error when the file has no column for the day.
 */
export function readLoss(row: RowReader, statusColumn: string | null, dateOrder: DateOrder | undefined): LossDraft | null {
  const errorsBefore = row.errors.length;
  const day = row.first('lostOn');
  let lostOn: string | null = null;
  if (day) {
    const parsed = parseDateTime(day.value, dateOrder);
    if (!parsed.ok) row.error(day.column, parsed.message);
    else {
      lostOn = parsed.date.toISOString().slice(0, 10);
      // The schema the API takes: a real day, from 1900 on.
      const checked = MarkLostSchema.shape.lostOn.safeParse(lostOn);
      if (!checked.success) row.error(day.column, `${checked.error.issues[0]?.message ?? 'not a day'} (${quote(day.value)})`);
    }
  }

  const reasons = new Set<LossReason>();
  const words: string[] = [];
  for (const { column, value } of row.all('lossReasons')) {
    const parsed = parseLossReasons(value);
    parsed.reasons.forEach((r) => reasons.add(r));
    if (!parsed.isExact) words.push(`${column}: ${value}`);
  }
  if (reasons.size > 1) reasons.delete('unknown');
  if (reasons.size === 0) reasons.add('unknown');
  const noteCells = row.all('lossNotes');
  const notes = [...noteCells.map((n) => n.value), ...words].join('\n\n');
  if (notes.length > MAX_NOTES) {
    const column = noteCells.length > 0 ? row.columnOf('lossNotes') : row.columnOf('lossReasons');
    row.error(column, `too long: the notes and the reasons' own words come to ${notes.length} characters (at most ${MAX_NOTES})`);
  }
  // The rest of the schema: one to ten reasons of the taxonomy, none twice (true by construction, checked all the same).
  if (row.errors.length > errorsBefore) return null;
  const rest = MarkLostSchema.pick({ reasons: true, notes: true }).safeParse({ reasons: LOSS_REASONS.filter((r) => reasons.has(r)), notes });
  if (!rest.success) {
    row.error(row.columnOf('lossReasons') ?? statusColumn, rest.error.issues[0]?.message ?? 'not the reasons of a loss');
    return null;
  }
  if (day && lostOn !== null) return { ...rest.data, lostOn, lostOnColumn: day.column };
  const dayColumn = row.columnOf('lostOn');
  return {
    ...rest.data,
    lostOn: null,
    missingDay: dayColumn
      ? { column: dayColumn, message: 'a lost account needs the day it was lost, and this row has none' }
      : { column: statusColumn, message: 'a lost account needs the day it was lost: map a column such as "Churn date" to the day it was lost (lostOn)' },
  };
}
