import { useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';

import { useAuth } from '../../auth/context';
import { Button } from '../ui/Button';
import './AppLayout.css';

const NAV = [
  { to: '/runs', label: 'Runs' },
  { to: '/approvals', label: 'Approvals' },
  { to: '/schedules', label: 'Schedules' },
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
        <Account />
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

/** Who the dashboard acts as, and the way out; shown only when the server asks for keys. */
function Account() {
  const { session, signOut } = useAuth();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  if (!session.authRequired || !signOut) return null;

  const leave = async () => {
    setBusy(true);
    setFailed(false);
    try {
      await signOut();
    } catch {
      setBusy(false);
      setFailed(true);
    }
  };

  return (
    <div className="account">
      <span className="account-name">
        <span className="muted">Signed in as </span>
        <strong>{session.name}</strong>
      </span>
      <Button size="sm" onClick={() => void leave()} disabled={busy}>
        {busy ? 'Signing out…' : 'Sign out'}
      </Button>
      {failed ? (
        <span className="field-error" role="alert">
          Sign-out failed; try again.
        </span>
      ) : null}
    </div>
  );
}
