import { Alert, Badge, Button, Group, Loader, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgreementTemplate } from '../../../../shared/domain/agreements';
import type { MeasureKind } from '../../../../shared/domain/measures';
import { haven } from '../../../ipc';
import { errorMessage } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useAsync } from '../../../lib/useAsync';
import { TemplateEditor } from './TemplateEditor';
import { TemplateVersionModal } from './TemplateVersionModal';

const KINDS: MeasureKind[] = ['community_detox', 'community_rehab'];

const fetchTemplates = () => haven.agreements.templates();

/** The versions of one kind, newest first, each viewable; an old one can seed the editor. */
function VersionHistory({
  versions,
  onView,
  onUseAsBase,
}: {
  versions: AgreementTemplate[];
  onView: (template: AgreementTemplate) => void;
  onUseAsBase: (template: AgreementTemplate) => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {t('agreementsUi.templates.history')}
      </Title>
      <Table.ScrollContainer minWidth={720}>
        <Table striped verticalSpacing="xs" data-testid="template-history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={120}>{t('agreementsUi.templates.version')}</Table.Th>
              <Table.Th>{t('agreementsUi.templates.title')}</Table.Th>
              <Table.Th w={150}>{t('agreementsUi.templates.createdAt')}</Table.Th>
              <Table.Th w={110}>{t('agreementsUi.templates.createdBy')}</Table.Th>
              <Table.Th>{t('agreementsUi.templates.noteColumn')}</Table.Th>
              <Table.Th w={190} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.map((v, index) => (
              <Table.Tr key={v.id} data-testid="template-version-row" data-version={v.version}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {t('agreementsUi.templates.versionN', { version: v.version })}
                    </Text>
                    {index === 0 && (
                      <Badge size="xs" variant="light">
                        {t('agreementsUi.templates.currentBadge')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {v.title}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" className="haven-tabular" style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(v.createdAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{v.createdBy ?? t('agreementsUi.templates.builtIn')}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {v.note}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    <Button size="compact-sm" variant="light" onClick={() => onView(v)} data-testid="template-version-view">
                      {t('agreementsUi.templates.view')}
                    </Button>
                    {index > 0 && (
                      <Button size="compact-sm" variant="subtle" onClick={() => onUseAsBase(v)} data-testid="template-version-base">
                        {t('agreementsUi.templates.useAsBase')}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/**
 * 设置 › 协议模板 (admin): per kind, the current version in an editor with the placeholders at
 * hand, saved as a new version with a note; below, every version, read-only.
 */
export function TemplatesPanel() {
  const { t } = useTranslation();
  const templates = useAsync(fetchTemplates);
  const [kind, setKind] = useState<MeasureKind>('community_detox');
  const [viewing, setViewing] = useState<AgreementTemplate | null>(null);
  const [bases, setBases] = useState<Partial<Record<MeasureKind, AgreementTemplate>>>({});
  const { reload } = templates;

  const saved = useCallback(
    (template: AgreementTemplate) => {
      setBases((b) => ({ ...b, [template.kind]: undefined }));
      reload();
    },
    [reload],
  );

  if (templates.status === 'loading') return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  if (templates.status === 'error') {
    return (
      <Alert color="red" variant="light" title={t('common.loadFailed')}>
        <Text size="sm">{errorMessage(t, templates.error)}</Text>
        <Button size="xs" variant="light" mt="xs" onClick={reload}>
          {t('common.retry')}
        </Button>
      </Alert>
    );
  }

  return (
    <Stack gap="md" data-testid="templates-panel">
      <Text size="sm" c="dimmed" maw={860}>
        {t('agreementsUi.templates.intro')}
      </Text>
      <SegmentedControl
        value={kind}
        onChange={(value) => setKind(value as MeasureKind)}
        data={KINDS.map((k) => ({ value: k, label: t(`agreementsUi.templates.kind.${k}`) }))}
        w="fit-content"
        aria-label={t('measures.field.kind')}
        data-testid="template-kind"
      />
      {KINDS.map((k) => {
        const versions = templates.data.filter((tpl) => tpl.kind === k);
        const current = versions[0];
        if (!current) return null;
        const base = bases[k] ?? null;
        // Both editors stay mounted so that unsaved words survive switching kinds.
        return (
          <Stack key={k} gap="lg" style={{ display: k === kind ? undefined : 'none' }} data-testid={`template-kind-${k}`}>
            <TemplateEditor key={`${current.id}:${base?.id ?? ''}`} current={current} base={base} onSaved={saved} />
            <VersionHistory versions={versions} onView={setViewing} onUseAsBase={(v) => setBases((b) => ({ ...b, [k]: v }))} />
          </Stack>
        );
      })}
      {viewing && <TemplateVersionModal template={viewing} onClose={() => setViewing(null)} />}
    </Stack>
  );
}
