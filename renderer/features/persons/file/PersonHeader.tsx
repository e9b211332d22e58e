import { Avatar, Badge, Button, Group, Menu, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconArchive, IconArchiveOff, IconChevronDown, IconEye, IconEyeOff, IconTrash } from '@tabler/icons-react';
import { useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonDetail } from '../../../../shared/domain/persons';
import { useSession } from '../../../app/session';
import { RiskLevelBadge } from '../../../components/RiskLevel';
import { usePhotoUrl } from './usePhotoUrl';
import { MeasureStatusBadge } from '../../measures';
import { useCanWrite } from '../../../lib/writeAccess';
import { haven } from '../../../ipc';
import { useAsync } from '../../../lib/useAsync';
import { formatDateTime } from '../../../lib/format';

export type FileAction = 'archive' | 'unarchive' | 'purge';

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={0} miw={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} component="div" data-testid={testId}>
        {children}
      </Text>
    </Stack>
  );
}

/**
 * The top of a file: who this is and where the measure stands. The ID number stays masked
 * until someone deliberately reveals it (audited); it is masked again once the page is left.
 */
export function PersonHeader({
  person,
  revealedId,
  onReveal,
  onHide,
  onAction,
}: {
  person: PersonDetail;
  revealedId: string | null;
  onReveal: () => Promise<void>;
  onHide: () => void;
  onAction: (action: FileAction) => void;
}) {
  const canWrite = useCanWrite();
  const { t } = useTranslation();
  const { user } = useSession();
  const photo = usePhotoUrl(person.photoAttachmentId);
  const [revealing, setRevealing] = useState(false);
  const measure = person.currentMeasure;

  const reveal = async () => {
    setRevealing(true);
    try {
      await onReveal();
    } finally {
      setRevealing(false);
    }
  };

  return (
    <Paper withBorder p="md" radius="md" data-testid="person-header">
      <Group align="flex-start" wrap="nowrap" gap="lg">
        <Avatar src={photo} alt={t('persons.file.photoAlt', { name: person.name })} size={96} radius="md" color="teal" data-testid="person-photo">
          {person.name.slice(0, 1)}
        </Avatar>
        <Stack gap="sm" style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Group gap="xs" align="center" style={{ minWidth: 0 }}>
              <Title order={2} size="h3" data-testid="person-name-title">
                {person.name}
              </Title>
              {person.archivedAt && (
                <Badge color="gray" variant="filled" data-testid="badge-archived">
                  {t('persons.badge.archived')}
                </Badge>
              )}
              {person.under16 && (
                <Badge color="grape" variant="light" data-testid="badge-under16">
                  {t('persons.badge.under16')}
                </Badge>
              )}
              {person.pregnant && (
                <Badge color="pink" variant="light" data-testid="badge-pregnant">
                  {t('persons.badge.pregnant')}
                </Badge>
              )}
              {person.breastfeedingActive && (
                <Badge color="pink" variant="light" data-testid="badge-breastfeeding">
                  {t('persons.badge.breastfeeding')}
                </Badge>
              )}
            </Group>
            {canWrite && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="default" size="compact-sm" rightSection={<IconChevronDown size={14} />} data-testid="file-actions">
                  {t('persons.file.actions')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {person.archivedAt ? (
                  <Menu.Item leftSection={<IconArchiveOff size={16} />} onClick={() => onAction('unarchive')} data-testid="action-unarchive">
                    {t('persons.archive.unarchive')}
                  </Menu.Item>
                ) : (
                  <Menu.Item leftSection={<IconArchive size={16} />} onClick={() => onAction('archive')} data-testid="action-archive">
                    {t('persons.archive.archive')}
                  </Menu.Item>
                )}
                {user.role === 'admin' && (
                  <>
                    <Menu.Divider />
                    <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => onAction('purge')} data-testid="action-purge">
                      {t('persons.purge.action')}
                    </Menu.Item>
                  </>
                )}
              </Menu.Dropdown>
            </Menu>
            )}
          </Group>
          <Group gap="lg" wrap="wrap" align="flex-start">
            <Fact label={t('persons.field.gender')}>{t(`ref.gender.${person.gender}`)}</Fact>
            <Fact label={t('persons.field.age')}>{t('persons.file.age', { age: person.age })}</Fact>
            <Fact label={t('persons.field.idNumber')}>
              <Group gap={4} wrap="nowrap">
                <span className="haven-tabular" data-testid="person-id-shown">
                  {revealedId ?? person.idNumberMasked}
                </span>
                {revealedId ? (
                  <Tooltip label={t('persons.file.hideId')}>
                    <Button variant="subtle" size="compact-xs" onClick={onHide} leftSection={<IconEyeOff size={14} />} data-testid="hide-id">
                      {t('persons.file.hide')}
                    </Button>
                  </Tooltip>
                ) : (
                  <Tooltip label={t('persons.file.revealHint')} multiline w={240}>
                    <Button
                      variant="subtle"
                      size="compact-xs"
                      loading={revealing}
                      onClick={() => void reveal()}
                      leftSection={<IconEye size={14} />}
                      data-testid="reveal-id"
                    >
                      {t('persons.file.reveal')}
                    </Button>
                  </Tooltip>
                )}
              </Group>
            </Fact>
            <Fact label={t('persons.file.measure')} testId="header-measure">
              {measure ? (
                <Group gap={6} wrap="nowrap">
                  <span>{t(`measure.kind.${measure.kind}`)}</span>
                  <MeasureStatusBadge status={measure.status} size="sm" />
                  {measure.dayCount !== null && (measure.status === 'active' || measure.status === 'suspended') && (
                    <Text size="sm" c="dimmed" component="span" className="haven-tabular" data-testid="header-day-count">
                      {t('measures.dayCount', { count: measure.dayCount })}
                    </Text>
                  )}
                </Group>
              ) : (
                <Text size="sm" c="dimmed" component="span">
                  {t('measure.status.none')}
                </Text>
              )}
            </Fact>
            <Fact label={t('persons.file.risk')}>
              <RiskLevelBadge level={person.riskLevel} size="md" testId="risk-badge" />
            </Fact>
            <Fact label={t('persons.field.staff')}>
              {person.staffName ?? (
                <Text size="sm" c="dimmed" component="span">
                  {t('persons.file.noStaff')}
                </Text>
              )}
            </Fact>
            {person.station && <OriginFact code={person.station} />}
          </Group>
        </Stack>
      </Group>
    </Paper>
  );
}

/** An imported file (supervisor): which station it comes from and the bundle its data is as of. */
function OriginFact({ code }: { code: string }) {
  const { t } = useTranslation();
  const load = useCallback(() => haven.bundles.origin({ code }), [code]);
  const origin = useAsync(load);
  const found = origin.status === 'ready' ? origin.data : null;
  return (
    <Fact label={t('persons.file.origin')} testId="header-origin">
      <Text size="sm" component="span">
        {found ? t('common.withNote', { text: found.name, note: found.code }) : code}
      </Text>
      {found?.bundleCreatedAt && (
        <Text size="xs" c="dimmed" component="span" display="block" className="haven-tabular">
          {t('persons.file.originBundle', { seq: found.seq, created: formatDateTime(found.bundleCreatedAt), imported: found.importedAt ? formatDateTime(found.importedAt) : '—' })}
        </Text>
      )}
    </Fact>
  );
}
