import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';

import { ApiProvider } from './api/context';
import { createHttpApi } from './api/client';
import { AuthGate } from './auth/AuthGate';
import { AppRoutes } from './routes';
import './styles/base.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <ApiProvider api={createHttpApi()}>
      <BrowserRouter>
        <AuthGate>
          <AppRoutes />
        </AuthGate>
      </BrowserRouter>
    </ApiProvider>
  </StrictMode>,
);
