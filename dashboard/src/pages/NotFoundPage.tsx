import { Link, useLocation } from 'react-router';

import { PageHeader } from '../components/ui/Section';
import { useDocumentTitle } from '../hooks/useDocumentTitle';

export function NotFoundPage() {
  const location = useLocation();
  useDocumentTitle('Not found');
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        Nothing lives at <code className="wrap-anywhere">{location.pathname}</code>.
      </p>
      <p>
        <Link to="/runs">Go to the runs</Link>
      </p>
    </>
  );
}
