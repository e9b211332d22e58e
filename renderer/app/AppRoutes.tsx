import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router-dom';
import { Placeholder } from '../components/Placeholder';
import { SettingsPage } from '../features/settings/SettingsPage';

const upcoming = ['persons', 'worklist', 'reports', 'transfer'] as const;

export function AppRoutes() {
  const { t } = useTranslation();
  return (
    <Routes>
      <Route index element={<Placeholder title={t('nav.dashboard')} message={t('placeholder.dashboard')} />} />
      {upcoming.map((key) => (
        <Route key={key} path={key} element={<Placeholder title={t(`nav.${key}`)} message={t(`placeholder.${key}`)} />} />
      ))}
      <Route path="settings" element={<Navigate to="/settings/account" replace />} />
      <Route path="settings/:tab" element={<SettingsPage />} />
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
