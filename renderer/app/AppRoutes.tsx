import { Navigate, Route, Routes } from 'react-router-dom';
import { TransferPage } from '../features/bundles';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { GuidePage } from '../features/guide';
import { PersonFilePage } from '../features/persons/PersonFilePage';
import { PersonNewPage } from '../features/persons/PersonNewPage';
import { PersonsPage } from '../features/persons/PersonsPage';
import { LedgerImportPage } from '../features/ledger';
import { SectionRedirect } from '../features/persons/SectionRedirect';
import { ReportsPage } from '../features/reports/ReportsPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { WorklistPage } from '../features/worklist';

export function AppRoutes() {
  return (
    <Routes>
      <Route index element={<DashboardPage />} />
      <Route path="dashboard" element={<Navigate to="/" replace />} />
      <Route path="worklist" element={<WorklistPage />} />
      <Route path="supervision/:personId/:tab?" element={<SectionRedirect section="supervision" />} />
      <Route path="reports" element={<ReportsPage />} />
      <Route path="care/:personId/:tab?" element={<SectionRedirect section="care" />} />
      <Route path="transfer" element={<TransferPage />} />
      <Route path="persons" element={<PersonsPage />} />
      <Route path="persons/new" element={<PersonNewPage />} />
      <Route path="persons/import" element={<LedgerImportPage />} />
      <Route path="persons/:id/:tab?/:sub?" element={<PersonFilePage />} />
      <Route path="agreements/:personId" element={<SectionRedirect section="agreements" />} />
      <Route path="settings" element={<Navigate to="/settings/account" replace />} />
      <Route path="settings/:tab" element={<SettingsPage />} />
      <Route path="guide" element={<GuidePage />} />
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
