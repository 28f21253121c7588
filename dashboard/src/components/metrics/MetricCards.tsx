import type { ReactNode } from 'react';

import './metrics.css';

/** Big numbers with their labels, as a list. */
export function MetricCards({ label, items }: { label: string; items: readonly { label: string; value: ReactNode }[] }) {
  return (
    <ul className="metric-cards" aria-label={label}>
      {items.map((item) => (
        <li key={item.label} className="metric-card">
          <p className="metric-card-label">{item.label}</p>
          <p className="metric-card-value">{item.value}</p>
        </li>
      ))}
    </ul>
  );
}
