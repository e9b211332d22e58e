import { Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { useSession } from '../../app/session';
import { TemplatesPanel } from '../agreements';
import { RiskTablePanel } from '../care';
import { AccountPanel } from './AccountPanel';
import { AuditPanel } from './AuditPanel';
import { BackupsPanel } from './BackupsPanel';
import { SecurityPanel } from './SecurityPanel';
import { UsersPanel } from './UsersPanel';
import { SchedulesPanel } from '../supervision';

const tabs = [
  { key: 'account', adminOnly: false, Panel: AccountPanel },
  { key: 'users', adminOnly: true, Panel: UsersPanel },
  { key: 'security', adminOnly: true, Panel: SecurityPanel },
  { key: 'backups', adminOnly: true, Panel: BackupsPanel },
  { key: 'schedules', adminOnly: true, Panel: SchedulesPanel },
  { key: 'templates', adminOnly: true, Panel: TemplatesPanel },
  { key: 'riskTable', adminOnly: true, Panel: RiskTablePanel },
  { key: 'audit', adminOnly: true, Panel: AuditPanel },
] as const;

/** 设置: one tab per concern; admin tabs do not exist for staff (the core refuses them too). */
export function SettingsPage() {
  const { t } = useTranslation();
  const { tab } = useParams();
  const navigate = useNavigate();
  const { user } = useSession();
  const visible = tabs.filter((entry) => !entry.adminOnly || user.role === 'admin');
  const current = visible.find((entry) => entry.key === tab);
  if (!current) return <Navigate to="/settings/account" replace />;

  return (
    <>
      <Title order={2} mb="md">
        {t('settings.title')}
      </Title>
      <Tabs value={current.key} onChange={(value) => value && navigate(`/settings/${value}`)} keepMounted={false}>
        <Tabs.List mb="lg">
          {visible.map(({ key }) => (
            <Tabs.Tab key={key} value={key} data-testid={`settings-tab-${key}`}>
              {t(`settings.tabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {visible.map(({ key, Panel }) => (
          <Tabs.Panel key={key} value={key}>
            <Panel />
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
