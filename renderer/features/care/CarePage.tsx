import { Alert, Anchor, Breadcrumbs, Button, Center, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconFolderOpen } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams } from 'react-router-dom';
import { haven } from '../../ipc';
import { errorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';
import { CareSummary } from './CareSummary';
import { careTabs } from './tabs';
import './i18n';

/** /care/:personId[/:tab] — a bad id goes back to the person list. */
export function CarePage() {
  const { personId: raw } = useParams();
  const personId = Number(raw);
  if (!Number.isInteger(personId) || personId <= 0) return <Navigate to="/persons" replace />;
  return <CareRecord key={personId} personId={personId} />;
}

/**
 * 关爱帮扶: one person's risk assessments, key-care categories, help plans and the
 * three-years-clean clock. A change anywhere reloads the header (level, categories).
 */
function CareRecord({ personId }: { personId: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { tab } = useParams();
  const current = careTabs.find((entry) => entry.key === tab) ?? careTabs[0]!;
  const load = useCallback(() => haven.persons.get({ personId }), [personId]);
  const person = useAsync(load);
  const [version, setVersion] = useState(0);
  // persons:get is an audited opening: read once; the summary follows changes by itself.
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
        <Alert color="red" variant="light" title={t('careUi.page.loadFailed')}>
          {errorMessage(t, person.error)}
        </Alert>
        <Anchor component={Link} to="/persons">
          {t('nav.persons')}
        </Anchor>
      </Stack>
    );
  }
  const p = person.data;

  return (
    <Stack gap="md" data-testid="care-page" data-person-id={personId}>
      <Breadcrumbs>
        <Anchor component={Link} to="/persons" size="sm">
          {t('nav.persons')}
        </Anchor>
        <Anchor component={Link} to={`/persons/${personId}`} size="sm">
          {p.name}
        </Anchor>
        <Text size="sm">{t('careUi.page.title')}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={6}>
            <Group gap="sm" align="baseline" wrap="wrap">
              <Title order={2} data-testid="care-person-name">
                {p.name}
              </Title>
              <Text c="dimmed" className="haven-tabular">
                {p.idNumberMasked}
              </Text>
            </Group>
            <CareSummary personId={personId} version={version} />
          </Stack>
          <Button component={Link} to={`/persons/${personId}`} variant="default" leftSection={<IconFolderOpen size={18} />} data-testid="back-to-file">
            {t('careUi.page.openFile')}
          </Button>
        </Group>
      <Tabs value={current.key} onChange={(value) => value && navigate(`/care/${personId}/${value}`, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          {careTabs.map(({ key, labelKey }) => (
            <Tabs.Tab key={key} value={key} data-testid={`care-tab-${key}`}>
              {t(labelKey)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {careTabs.map(({ key, Component }) => (
          <Tabs.Panel key={key} value={key}>
            <Component personId={personId} onChanged={changed} version={version} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
