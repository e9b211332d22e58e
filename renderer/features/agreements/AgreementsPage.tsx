import { Alert, Anchor, Badge, Breadcrumbs, Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router-dom';
import { haven } from '../../ipc';
import { errorMessage } from '../../lib/errors';
import { useAsync } from '../../lib/useAsync';
import { AgreementsPanel } from './AgreementsPanel';
import './i18n';

/** /agreements/:personId — a bad id goes back to the list of files. */
export function AgreementsPage() {
  const { personId: raw } = useParams();
  const personId = Number(raw);
  if (!Number.isInteger(personId) || personId <= 0) return <Navigate to="/persons" replace />;
  return <PersonAgreements key={personId} personId={personId} />;
}

/** 协议管理: one person's agreements, with the way back to the file. */
function PersonAgreements({ personId }: { personId: number }) {
  const { t } = useTranslation();
  const load = useCallback(() => haven.persons.get({ personId }), [personId]);
  const person = useAsync(load);

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
        <Alert color="red" variant="light" title={t('agreementsUi.page.loadFailed')}>
          {errorMessage(t, person.error)}
        </Alert>
        <Anchor component={Link} to="/persons">
          {t('nav.persons')}
        </Anchor>
      </Stack>
    );
  }

  const p = person.data;
  const measure = p.currentMeasure;
  return (
    <Stack gap="md" data-testid="agreements-page" data-person-id={p.id}>
      <Breadcrumbs>
        <Anchor component={Link} to="/persons" size="sm">
          {t('nav.persons')}
        </Anchor>
        <Anchor component={Link} to={`/persons/${p.id}`} size="sm">
          {p.name}
        </Anchor>
        <Text size="sm">{t('agreementsUi.page.title')}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4}>
          <Title order={2}>{t('agreementsUi.page.title')}</Title>
          <Group gap="sm" align="baseline" wrap="wrap">
            <Text fw={600} size="lg" data-testid="agreements-person-name">
              {p.name}
            </Text>
            <Text c="dimmed" className="haven-tabular">
              {p.idNumberMasked}
            </Text>
            {measure && (
              <Badge variant="light" color="gray">
                {t(`measure.kind.${measure.kind}`)} · {t(`measure.status.${measure.status}`)}
              </Badge>
            )}
          </Group>
        </Stack>
        <Button component={Link} to={`/persons/${p.id}`} variant="default" leftSection={<IconArrowLeft size={18} />} data-testid="agreements-back">
          {t('agreementsUi.page.back')}
        </Button>
      </Group>
      {p.archivedAt && (
        <Alert color="gray" variant="light">
          {t('agreementsUi.page.archived')}
        </Alert>
      )}
      <AgreementsPanel personId={p.id} readOnly={p.archivedAt !== null} />
    </Stack>
  );
}
