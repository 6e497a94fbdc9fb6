import { lazy, Suspense } from 'react';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router';
import { isApiError } from './api/client';
import { ME_KEY, SessionProvider, useMeQuery } from './session';
import { Header } from './components/header';
import { SignInScreen } from './screens/sign-in/sign-in-screen';
import { WelcomeScreen } from './screens/welcome/welcome-screen';
import { PortfolioScreen } from './screens/portfolio/portfolio-screen';
import { AccountScreen } from './screens/account/account-screen';
import { NewAccountScreen } from './screens/new-account/new-account-screen';
import { SettingsScreen } from './screens/settings/settings-screen';
import { NotFoundScreen } from './screens/not-found/not-found-screen';
import { AttentionScreen } from './screens/attention/attention-screen';
import { ImportScreen } from './screens/import/import-screen';
import { UnmatchedScreen } from './screens/inbox/unmatched-screen';
import { AlertsScreen } from './screens/alerts/alerts-screen';
import { BacktestScreen } from './screens/losses/backtest-screen';

// The screens drawn with recharts load with it, when first opened: the portfolio never waits for a chart library.
const PostmortemScreen = lazy(() => import('./screens/postmortem/postmortem-screen').then((m) => ({ default: m.PostmortemScreen })));
const LossReportScreen = lazy(() => import('./screens/losses/loss-report-screen').then((m) => ({ default: m.LossReportScreen })));

/** A session that ended while the app was open sends the user back to sign-in. */
function onUnauthenticated(error: unknown) {
  if (isApiError(error, 'unauthenticated')) queryClient.setQueryData(ME_KEY, null);
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onUnauthenticated }),
  mutationCache: new MutationCache({ onError: onUnauthenticated }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Retry what may pass on a second try (network, 5xx); a 4xx answer will not change.
      retry: (count, error) => count < 2 && (!isApiError(error) || error.status >= 500 || error.code === 'network_error'),
    },
  },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <SessionGate />
      </BrowserRouter>
    </QueryClientProvider>
  );
}

/** Sign-in until there is a session; a workspace to create until there is one; then the app. */
function SessionGate() {
  const me = useMeQuery();
  if (me.isPending) {
    return (
      <div className="boot" role="status">
        Loading Rapport…
      </div>
    );
  }
  if (me.isError) {
    return (
      <div className="boot">
        <div className="alert alert--error" role="alert">
          Rapport could not load: {me.error.message}{' '}
          <button type="button" className="button" onClick={() => void me.refetch()}>
            Try again
          </button>
        </div>
      </div>
    );
  }
  if (!me.data) return <SignInScreen />;
  if (!me.data.workspace) return <WelcomeScreen me={me.data} />;
  return (
    <SessionProvider me={me.data} workspace={me.data.workspace}>
      <Header />
      <main id="main" className="main" tabIndex={-1}>
        <Suspense
          fallback={
            <div className="page" role="status">
              Loading…
            </div>
          }
        >
        <Routes>
          <Route path="/" element={<PortfolioScreen />} />
          <Route path="/accounts/new" element={<NewAccountScreen />} />
          <Route path="/accounts/:id" element={<AccountScreen />} />
          <Route path="/accounts/:id/postmortem" element={<PostmortemScreen />} />
          <Route path="/attention" element={<AttentionScreen />} />
          <Route path="/alerts" element={<AlertsScreen />} />
          <Route path="/losses" element={<LossReportScreen />} />
          <Route path="/losses/backtest" element={<BacktestScreen />} />
          <Route path="/import" element={<ImportScreen />} />
          <Route path="/inbox/unmatched" element={<UnmatchedScreen />} />
          <Route path="/settings" element={<SettingsScreen />} />
          <Route path="*" element={<NotFoundScreen />} />
        </Routes>
        </Suspense>
      </main>
    </SessionProvider>
  );
}
