import { Navigate, Route, Routes } from 'react-router-dom';
import { AgreementsPage } from '../features/agreements';
import { TransferPage } from '../features/bundles';
import { CarePage } from '../features/care';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { PersonFilePage } from '../features/persons/PersonFilePage';
import { PersonNewPage } from '../features/persons/PersonNewPage';
import { PersonsPage } from '../features/persons/PersonsPage';
import { ReportsPage } from '../features/reports/ReportsPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { SupervisionPage } from '../features/supervision';
import { WorklistPage } from '../features/worklist/WorklistPage';

export function AppRoutes() {
  return (
    <Routes>
      <Route index element={<DashboardPage />} />
      <Route path="dashboard" element={<Navigate to="/" replace />} />
      <Route path="worklist" element={<WorklistPage />} />
      <Route path="supervision/:personId/:tab?" element={<SupervisionPage />} />
      <Route path="reports" element={<ReportsPage />} />
      <Route path="care/:personId/:tab?" element={<CarePage />} />
      <Route path="transfer" element={<TransferPage />} />
      <Route path="persons" element={<PersonsPage />} />
      <Route path="persons/new" element={<PersonNewPage />} />
      <Route path="persons/:id/:tab?/:sub?" element={<PersonFilePage />} />
      <Route path="agreements/:personId" element={<AgreementsPage />} />
      <Route path="settings" element={<Navigate to="/settings/account" replace />} />
      <Route path="settings/:tab" element={<SettingsPage />} />
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
