import { sql as platform } from './0001-platform.js';
import { sql as accounts } from './0002-accounts.js';
import { sql as touchpoints } from './0003-touchpoints.js';
import { sql as intake } from './0004-intake.js';
import { sql as delivery } from './0005-delivery.js';
import { sql as health } from './0006-health.js';
import { sql as healthSpeed } from './0007-health-speed.js';
import { sql as healthPeaks } from './0008-health-peaks.js';
import { sql as alertDismissals } from './0009-alert-dismissals.js';
import { sql as mailDates } from './0010-mail-dates.js';
import { sql as importHeartbeat } from './0011-import-heartbeat.js';
import { sql as healthRunSeq } from './0012-health-run-seq.js';
import { sql as healthHasData } from './0013-health-has-data.js';
import { sql as importAccountsLost } from './0014-import-accounts-lost.js';
import { sql as jobsRunning } from './0015-jobs-running.js';
import { sql as vacuumNewRows } from './0016-vacuum-new-rows.js';

/** Every migration in order. Append only: a released migration is never edited. */
export const MIGRATIONS: ReadonlyArray<{ id: string; sql: string }> = [
  { id: '0001-platform', sql: platform },
  { id: '0002-accounts', sql: accounts },
  { id: '0003-touchpoints', sql: touchpoints },
  { id: '0004-intake', sql: intake },
  { id: '0005-delivery', sql: delivery },
  { id: '0006-health', sql: health },
  { id: '0007-health-speed', sql: healthSpeed },
  { id: '0008-health-peaks', sql: healthPeaks },
  { id: '0009-alert-dismissals', sql: alertDismissals },
  { id: '0010-mail-dates', sql: mailDates },
  { id: '0011-import-heartbeat', sql: importHeartbeat },
  { id: '0012-health-run-seq', sql: healthRunSeq },
  { id: '0013-health-has-data', sql: healthHasData },
  { id: '0014-import-accounts-lost', sql: importAccountsLost },
  { id: '0015-jobs-running', sql: jobsRunning },
  { id: '0016-vacuum-new-rows', sql: vacuumNewRows },
];
