import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { RowMenu } from '../../../components/RowMenu';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CareFlag } from '../../../../shared/domain/care';
import { haven } from '../../../ipc';
import { notifySuccess } from '../../../lib/notify';
import { LoadState } from '../../../components/LoadState';
import { ReasonModal } from '../../../components/ReasonModal';
import type { CarePanelProps } from '../common/types';
import { CareFlagModal } from './CareFlagModal';
import { useRecords } from '../../../lib/useRecords';
import { todayIso } from '../../../lib/today';
import { useCanWrite } from '../../../lib/writeAccess';

const fetchFlags = (personId: number) => haven.keyCare.list({ personId });

type Dialog = { kind: 'edit'; flag: CareFlag | null } | { kind: 'remove'; flag: CareFlag } | null;

/** 重点关爱: the person's key-care categories with their dates; open ones first. */
export function KeyCarePanel({ personId, onChanged, version }: CarePanelProps) {
  const canWrite = useCanWrite();
  const { t } = useTranslation();
  const flags = useRecords(fetchFlags, personId, version);
  const [dialog, setDialog] = useState<Dialog>(null);
  const today = todayIso();
  const changed = () => {
    setDialog(null);
    flags.reload();
    onChanged?.();
  };

  return (
    <Stack gap="md" data-testid="key-care-panel">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Text size="sm" c="dimmed">
          {t('careUi.keyCare.hint')}
        </Text>
        {canWrite && (
          <Button leftSection={<IconPlus size={18} />} onClick={() => setDialog({ kind: 'edit', flag: null })} style={{ flexShrink: 0 }} data-testid="add-care-flag">
            {t('careUi.keyCare.add')}
          </Button>
        )}
      </Group>
      <LoadState state={flags} reload={flags.reload} />
      {flags.status === 'ready' && flags.data.length === 0 && (
        <Text c="dimmed" data-testid="care-empty">
          {t('careUi.keyCare.empty')}
        </Text>
      )}
      {flags.status === 'ready' && flags.data.length > 0 && (
        <Table.ScrollContainer minWidth={680}>
          <Table striped highlightOnHover verticalSpacing="xs" data-testid="care-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('careUi.keyCare.category')}</Table.Th>
                <Table.Th>{t('careUi.keyCare.since')}</Table.Th>
                <Table.Th>{t('careUi.keyCare.until')}</Table.Th>
                <Table.Th>{t('careUi.keyCare.note')}</Table.Th>
                <Table.Th w={130} aria-label={t('careUi.common.actions')} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {flags.data.map((flag) => {
                const inForce = flag.since <= today && (flag.until === null || flag.until >= today);
                return (
                  <Table.Tr key={flag.id} data-testid="care-row" data-category={flag.category}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap" align="flex-start">
                        <Badge size="sm" variant="light" color={inForce ? 'grape' : 'gray'} style={{ flexShrink: 0 }}>
                          {t(inForce ? 'careUi.keyCare.inForce' : 'careUi.keyCare.ended')}
                        </Badge>
                        <Text size="sm">{t(`care.category.${flag.category}`)}</Text>
                      </Group>
                    </Table.Td>
                    <Table.Td className="haven-tabular" style={{ whiteSpace: 'nowrap' }}>
                      {flag.since}
                    </Table.Td>
                    <Table.Td className="haven-tabular" style={{ whiteSpace: 'nowrap' }}>
                      {flag.until ?? t('careUi.keyCare.ongoing')}
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{flag.note || t('careUi.common.none')}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end" display={canWrite ? undefined : 'none'}>
                        <RowMenu
                          label={t('careUi.common.rowMenu')}
                          correct={{ label: t('careUi.common.correct'), testId: 'edit-care-flag', onClick: () => setDialog({ kind: 'edit', flag }) }}
                          remove={{ label: t('careUi.common.remove'), testId: 'remove-care-flag', onClick: () => setDialog({ kind: 'remove', flag }) }}
                        />
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog?.kind === 'edit' && <CareFlagModal personId={personId} flag={dialog.flag} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog?.kind === 'remove' && (
        <ReasonModal
          title={t('careUi.common.removeTitle')}
          hint={t('careUi.keyCare.removeHint')}
          summary={`${t(`care.category.${dialog.flag.category}`)}（${dialog.flag.since} – ${dialog.flag.until ?? t('careUi.keyCare.ongoing')}）`}
          label={t('careUi.common.reason')}
          confirmLabel={t('careUi.common.removeConfirm')}
          color="red"
          irreversible
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            await haven.keyCare.remove({ flagId: dialog.flag.id, reason });
            notifySuccess(t('careUi.common.removed'));
            changed();
          }}
        />
      )}
    </Stack>
  );
}
