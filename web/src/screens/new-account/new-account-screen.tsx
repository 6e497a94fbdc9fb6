import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/endpoints';
import { keys } from '../../api/queries';
import { useSession } from '../../session';
import { usePageTitle } from '../../components/page-title';
import { AccountForm, emptyAccountValues } from '../account/account-form';

/** Create an account, then land on its page to add contacts. */
export function NewAccountScreen() {
  usePageTitle('New account');
  const { canWrite } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  if (!canWrite) {
    return (
      <div className="page empty-state">
        <h1>You have read-only access</h1>
        <p>Viewers cannot create accounts. Ask an admin of this workspace for the member role.</p>
        <Link className="button" to="/">
          Back to the portfolio
        </Link>
      </div>
    );
  }

  return (
    <div className="page page--narrow">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/">Portfolio</Link> <span aria-hidden="true">/</span> <span aria-current="page">New account</span>
      </nav>
      <div className="page-head">
        <h1>New account</h1>
      </div>
      <AccountForm
        initial={emptyAccountValues()}
        submitLabel="Create account"
        onCancel={() => navigate('/')}
        onSubmit={async (input) => {
          const account = await api.accounts.create(input);
          queryClient.setQueryData(keys.account(account.id), account);
          await queryClient.invalidateQueries({ queryKey: keys.accountLists });
          void queryClient.invalidateQueries({ queryKey: keys.accountFacets });
          // A new open account: the portfolio's scores and the attention board have a row more.
          void queryClient.invalidateQueries({ queryKey: keys.portfolioHealth });
          void queryClient.invalidateQueries({ queryKey: keys.attention });
          navigate(`/accounts/${account.id}`, { replace: true });
        }}
      />
    </div>
  );
}
