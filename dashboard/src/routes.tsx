import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';

import { AppLayout } from './components/layout/AppLayout';
import { Spinner } from './components/ui/Feedback';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RunPage } from './pages/RunPage';
import { RunsPage } from './pages/RunsPage';
import { SchedulePage } from './pages/SchedulePage';
import { SchedulesPage } from './pages/SchedulesPage';
import { SessionPage } from './pages/SessionPage';
import { SessionsPage } from './pages/SessionsPage';
import { WorkersPage } from './pages/WorkersPage';

// The metrics page carries the chart library; it loads when first opened.
const MetricsPage = lazy(() => import('./pages/MetricsPage'));

/** Thin routes: each path names its page, nothing more. */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<Navigate to="/runs" replace />} />
        <Route path="runs" element={<RunsPage />} />
        <Route path="runs/:id" element={<RunPage />} />
        <Route path="approvals" element={<ApprovalsPage />} />
        <Route path="schedules" element={<SchedulesPage />} />
        <Route path="schedules/:id" element={<SchedulePage />} />
        <Route path="sessions" element={<SessionsPage />} />
        <Route path="sessions/:id" element={<SessionPage />} />
        <Route path="workers" element={<WorkersPage />} />
        <Route
          path="metrics"
          element={
            <Suspense fallback={<Spinner label="Loading metrics…" />}>
              <MetricsPage />
            </Suspense>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
