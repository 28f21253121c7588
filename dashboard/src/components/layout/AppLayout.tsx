import { useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';

import './AppLayout.css';

const NAV = [
  { to: '/runs', label: 'Runs' },
  { to: '/approvals', label: 'Approvals' },
  { to: '/sessions', label: 'Sessions' },
  { to: '/workers', label: 'Workers' },
  { to: '/metrics', label: 'Metrics' },
] as const;

/** The frame of every page: a skip link, the header with the navigation, and `<main>`. */
export function AppLayout() {
  const location = useLocation();
  const [openAt, setOpenAt] = useState<string | null>(null);
  // The phone menu closes by itself when the page changes.
  const menuOpen = openAt === location.pathname;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-bar">
          <NavLink to="/runs" className="brand" aria-label="Aether home">
            <img src="/favicon.svg" alt="" width="24" height="24" />
            <span>Aether</span>
          </NavLink>
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="primary-nav"
            onClick={() => {
              setOpenAt(menuOpen ? null : location.pathname);
            }}
          >
            <span aria-hidden="true">☰</span> Menu
          </button>
        </div>
        <nav id="primary-nav" aria-label="Primary" className={menuOpen ? 'nav nav-open' : 'nav'}>
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{item.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
