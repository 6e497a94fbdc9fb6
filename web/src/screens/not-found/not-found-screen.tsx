import { Link } from 'react-router';
import { usePageTitle } from '../../components/page-title';

export function NotFoundScreen() {
  usePageTitle('Not found');
  return (
    <div className="page empty-state">
      <h1>There is nothing here</h1>
      <p>The address may be mistyped, or the page has moved.</p>
      <Link className="button button--primary" to="/">
        Go to the portfolio
      </Link>
    </div>
  );
}
