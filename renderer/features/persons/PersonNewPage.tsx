import { Anchor, Breadcrumbs, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { notifySuccess } from '../../lib/notify';
import { PersonForm } from './form/PersonForm';
import { emptyPerson } from './form/personValues';

/** 新建档案: the form; saving opens the new file. */
export function PersonNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Stack gap="md" maw={1100}>
      <Breadcrumbs>
        <Anchor component={Link} to="/persons" size="sm">
          {t('nav.persons')}
        </Anchor>
        <span>{t('persons.new.title')}</span>
      </Breadcrumbs>
      <Title order={2}>{t('persons.new.title')}</Title>
      <PersonForm
        initial={emptyPerson}
        personId={null}
        onCancel={() => navigate('/persons')}
        onDone={(result) => {
          if (result.kind !== 'created') return;
          notifySuccess(t('persons.new.created'));
          navigate(`/persons/${result.personId}`, { replace: true });
        }}
      />
    </Stack>
  );
}
