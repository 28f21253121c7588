import { Link } from 'react-router';

import { QUICK_FILTERS, runFiltersToParams, sameFilters, type RunFilters } from '../../lib/filters';
import './runs.css';

/** One-click views: links, so each is a URL a person can share. */
export function QuickFilters({ filters }: { filters: RunFilters }) {
  return (
    <nav className="quick-filters" aria-label="Quick filters">
      <ul>
        {QUICK_FILTERS.map((quick) => {
          const search = runFiltersToParams(quick.filters).toString();
          const active = sameFilters(quick.filters, filters);
          return (
            <li key={quick.id}>
              <Link to={{ pathname: '/runs', search: search ? `?${search}` : '' }} aria-current={active ? 'true' : undefined}>
                {quick.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
