import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { keys } from '../../api/queries';
import { isMissingRoute } from '../../api/client';
import { useSession } from '../../session';
import { ConfirmButton } from '../../components/confirm-button';
import { FormError } from '../../components/form-error';
import { smtpListenText } from './intake-text';

/**
 * The workspace's secret intake address: BCC or forward mail to it and it becomes a touchpoint on
 * the account whose contacts are on it. Admins rotate it when it leaks.
 */
export function IntakeSection() {
  const { canAdmin, canWrite } = useSession();
  const queryClient = useQueryClient();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  // The address is a credential for writing into the workspace: the server shows it to members and up.
  const address = useQuery({ queryKey: keys.intakeAddress, queryFn: ({ signal }) => api.intake.address(signal), retry: false, enabled: canWrite });
  const rotate = useMutation({
    mutationFn: () => api.intake.rotate(),
    onSuccess: (fresh) => {
      queryClient.setQueryData(keys.intakeAddress, fresh);
      setCopied(null);
    },
  });

  return (
    <section className="card intake" aria-labelledby="intake-title">
      <h2 id="intake-title">Mail intake</h2>
      {!canWrite && <p>Members log mail by BCC-ing or forwarding it to the workspace&rsquo;s secret intake address; as a viewer you cannot see it.</p>}
      {canWrite && address.isPending && <p role="status">Loading…</p>}
      {address.isError &&
        (isMissingRoute(address.error) ? (
          <p className="alert alert--info">This server does not run mail intake yet.</p>
        ) : (
          <FormError error={address.error} />
        ))}
      {address.data && (
        <>
          <p>
            <strong>BCC or forward mail to this address</strong> and Rapport logs it as a touchpoint on the account whose contacts are among From, To and Cc.
            Mail from a contact counts as client-initiated; mail you send counts as agency-initiated.
          </p>
          <div className="token-secret__row">
            <label htmlFor="intake-address" className="visually-hidden">
              Intake address
            </label>
            <input id="intake-address" readOnly value={address.data.address} onFocus={(e) => e.target.select()} className="token-secret__value" data-testid="intake-address" />
            <button
              type="button"
              className="button"
              onClick={async () => {
                try {
                  await navigator.clipboard.writeText(address.data.address);
                  setCopied('yes');
                } catch {
                  setCopied('failed');
                }
              }}
            >
              {copied === 'yes' ? 'Copied' : 'Copy'}
            </button>
          </div>
          {copied === 'failed' && <p className="muted">Copying is blocked here; select the address and copy it by hand.</p>}
          {!address.data.smtp.enabled && (
            <p className="alert alert--info">
              This server does not receive mail right now (its SMTP intake is off: set <code>RAPPORT_SMTP_PORT</code>). Mail sent to the address waits until it
              is switched on and the domain&rsquo;s MX record points here.
            </p>
          )}
          <ul className="intake__howto">
            <li>Writing to a client? Add the address in BCC — the client never sees it.</li>
            <li>Got a mail from a client? Forward it to the address.</li>
            <li>Mail that matches no contact waits in <Link to="/inbox/unmatched">Unmatched mail</Link> until someone assigns it to an account.</li>
            <li>Keep the address secret: anyone who has it can add touchpoints to this workspace.</li>
            {address.data.smtp.enabled && (
              <li className="muted">
                Mail for <code>{address.data.domain}</code> must reach this server&rsquo;s SMTP intake at {smtpListenText(address.data.smtp.host, address.data.smtp.port)}{' '}
                (the domain&rsquo;s MX record, or a forwarding rule at your mail provider).
              </li>
            )}
          </ul>
          {canAdmin && (
            <div className="intake__rotate">
              <ConfirmButton
                className="button"
                question="Old address stops working at once. Rotate?"
                confirmLabel="Rotate address"
                busy={rotate.isPending}
                onConfirm={() => rotate.mutate()}
              >
                Rotate address
              </ConfirmButton>
              <span className="muted"> Do this if the address leaked; everyone must then use the new one.</span>
            </div>
          )}
          <FormError error={rotate.error} />
        </>
      )}
    </section>
  );
}
