import { Alert, Anchor, Badge, Breadcrumbs, Button, Center, Group, Loader, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconFolderOpen } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams } from 'react-router-dom';
import { haven } from '../../ipc';
import { errorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';
import { AlertsPanel } from './alerts/AlertsPanel';
import { supervisionTabs } from './tabs';
import './i18n';

/** /supervision/:personId[/:tab] — a bad id goes back to 待办. */
export function SupervisionPage() {
  const { personId: raw } = useParams();
  const personId = Number(raw);
  if (!Number.isInteger(personId) || personId <= 0) return <Navigate to="/worklist" replace />;
  return <SupervisionRecord key={personId} personId={personId} />;
}

/**
 * 督导记录: one person's alerts on top, then tests, talks and visits, leave, absences and
 * violations. Any change reloads the alerts and the other panels (`version`).
 */
function SupervisionRecord({ personId }: { personId: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { tab } = useParams();
  const current = supervisionTabs.find((entry) => entry.key === tab) ?? supervisionTabs[0]!;
  const load = useCallback(() => haven.persons.get({ personId }), [personId]);
  const person = useAsync(load);
  const [version, setVersion] = useState(0);
  const changed = useCallback(() => setVersion((n) => n + 1), []);

  if (person.status === 'loading') {
    return (
      <Center py="xl">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (person.status === 'error') {
    return (
      <Stack gap="md" maw={640}>
        <Alert color="red" variant="light" title={t('supervisionUi.page.loadFailed')}>
          {errorMessage(t, person.error)}
        </Alert>
        <Anchor component={Link} to="/worklist">
          {t('nav.worklist')}
        </Anchor>
      </Stack>
    );
  }

  const p = person.data;
  const measure = p.currentMeasure;
  const open = measure !== null && (measure.status === 'pending_report' || measure.status === 'active' || measure.status === 'suspended');
  return (
    <Stack gap="md" data-testid="supervision-page" data-person-id={p.id}>
      <Breadcrumbs>
        <Anchor component={Link} to="/worklist" size="sm">
          {t('nav.worklist')}
        </Anchor>
        <Text size="sm">{t('supervisionUi.page.title')}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4}>
          <Group gap="sm" align="baseline" wrap="wrap">
            <Title order={2} data-testid="supervision-person-name">
              {p.name}
            </Title>
            <Text c="dimmed" className="haven-tabular">
              {p.idNumberMasked}
            </Text>
            {measure && (
              <Badge variant="light" color={open ? 'teal' : 'gray'}>
                {t(`measure.kind.${measure.kind}`)} · {t(`measure.status.${measure.status}`)}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {p.staffName ? t('supervisionUi.page.staff', { name: p.staffName }) : t('supervisionUi.page.noStaff')}
          </Text>
        </Stack>
        <Button component={Link} to={`/persons/${p.id}`} variant="default" leftSection={<IconFolderOpen size={18} />} data-testid="open-file">
          {t('supervisionUi.page.openFile')}
        </Button>
      </Group>
      {!open && (
        <Alert color="gray" variant="light" data-testid="no-open-measure">
          {t('supervisionUi.page.noMeasure')}
        </Alert>
      )}
      <Paper withBorder p="md" radius="md">
        <Title order={3} size="h5" mb="sm">
          {t('supervisionUi.alerts.title')}
        </Title>
        <AlertsPanel personId={p.id} onChanged={changed} version={version} />
      </Paper>
      <Tabs value={current.key} onChange={(value) => value && navigate(`/supervision/${p.id}/${value}`, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          {supervisionTabs.map(({ key, labelKey }) => (
            <Tabs.Tab key={key} value={key} data-testid={`supervision-tab-${key}`}>
              {t(labelKey)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {supervisionTabs.map(({ key, Component }) => (
          <Tabs.Panel key={key} value={key}>
            <Component personId={p.id} onChanged={changed} version={version} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
