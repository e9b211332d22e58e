import { Alert, Anchor, Button, Group, Paper, Stack, Stepper, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconFileSpreadsheet } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import {
  suggestHeaderRow,
  suggestMapping,
  suggestSheet,
  type LedgerColumnMapping,
  type LedgerImportView,
  type LedgerInspectView,
  type LedgerPreviewView,
} from '../../../shared/domain/ledger';
import { useSession } from '../../app/session';
import { FormError } from '../../components/FormError';
import { haven } from '../../ipc';
import { errorMessage } from '../../lib/errors';
import { fileSize } from './common';
import { MappingStep, SheetSelect } from './MappingStep';
import { CountBadges, PreviewStep } from './PreviewStep';

interface Chosen {
  fileId: string;
  view: LedgerInspectView;
}

/**
 * 导入人员台账: choose an .xlsx in the system's open dialog (the core reads it, never the page),
 * choose the sheet, the header row and what each column holds, check every row (nothing is
 * written), then import on confirmation. The core runs each step as a long job with progress.
 */
export function LedgerImportPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { station } = useSession();
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [sheetName, setSheetName] = useState<string | null>(null);
  const [headerRow, setHeaderRow] = useState(1);
  const [mapping, setMapping] = useState<LedgerColumnMapping[]>([]);
  const [preview, setPreview] = useState<LedgerPreviewView | null>(null);
  const [done, setDone] = useState<LedgerImportView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const sheet = chosen?.view.sheets.find((s) => s.name === sheetName) ?? null;
  const step = done ? 4 : preview ? 2 : chosen ? 1 : 0;
  // Each step starts at the top of the page (the button that led to it sat at the bottom).
  useEffect(() => {
    window.scrollTo({ top: 0 });
  }, [step]);

  /** Header row and columns as the headers suggest (and this station chose before). */
  const suggest = (view: LedgerInspectView, name: string, row?: number) => {
    const target = view.sheets.find((s) => s.name === name);
    if (!target) return;
    const header = row ?? suggestHeaderRow(target.sample, view.remembered);
    setSheetName(name);
    setHeaderRow(header);
    setMapping(suggestMapping(target.sample[header - 1] ?? [], view.remembered));
    setPreview(null);
  };

  const choose = async () => {
    setError(null);
    try {
      const { files } = await haven.shell.chooseSpreadsheet();
      const file = files[0];
      if (!file) return;
      setBusy(true);
      const view = await haven.ledger.inspect({ fileId: file.fileId });
      setChosen({ fileId: file.fileId, view });
      setDone(null);
      // The visible sheet the headers fit best (a ledger often follows a sheet of notes); a hidden
      // sheet only when the user picks it.
      const best = suggestSheet(view.sheets, view.remembered);
      if (best) {
        suggest(view, best);
      } else {
        setSheetName(null);
        setMapping([]);
        setPreview(null);
      }
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  };

  const runPreview = async () => {
    if (!chosen || !sheet) return;
    setBusy(true);
    setError(null);
    try {
      setPreview(await haven.ledger.preview({ fileId: chosen.fileId, sheet: sheet.name, headerRow, mapping, locale: i18n.language === 'en' ? 'en' : 'zh-CN' }));
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  };

  const runImport = async (skipInvalid: boolean) => {
    if (!chosen || !sheet || !preview) return;
    setBusy(true);
    setError(null);
    try {
      setDone(await haven.ledger.import({ fileId: chosen.fileId, sheet: sheet.name, headerRow, mapping, sha256: preview.sha256, skipInvalid }));
    } catch (caught) {
      setError(errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  };

  const restart = () => {
    setChosen(null);
    setPreview(null);
    setDone(null);
    setError(null);
  };

  if (station.mode === 'supervisor') {
    return (
      <Stack gap="md">
        <Title order={2}>{t('ledger.import.title')}</Title>
        <Alert color="gray">{t('ledger.import.supervisor')}</Alert>
      </Stack>
    );
  }

  return (
    <Stack gap="md" data-testid="ledger-import-page" maw={1180}>
      <Group justify="space-between" align="baseline">
        <Title order={2}>{t('ledger.import.title')}</Title>
        <Anchor component={Link} to="/persons" size="sm">
          <Group gap={4}>
            <IconArrowLeft size={14} />
            {t('ledger.import.back')}
          </Group>
        </Anchor>
      </Group>
      <Text size="sm" c="gray.7" maw={900}>
        {t('ledger.import.intro')}
      </Text>

      <Stepper active={step} size="sm" allowNextStepsSelect={false} onStepClick={(s) => (s === 0 ? restart() : s === 1 ? setPreview(null) : undefined)}>
        <Stepper.Step label={t('ledger.import.steps.file')} />
        <Stepper.Step label={t('ledger.import.steps.columns')} />
        <Stepper.Step label={t('ledger.import.steps.preview')} />
        <Stepper.Step label={t('ledger.import.steps.done')} />
      </Stepper>

      <Paper withBorder p="md">
        <Stack gap="md">
          <Group gap="md" align="center">
            <Button
              variant={chosen ? 'default' : 'filled'}
              leftSection={<IconFileSpreadsheet size={18} />}
              onClick={() => void choose()}
              loading={busy && !chosen}
              disabled={busy}
              data-testid="ledger-choose"
            >
              {chosen ? t('ledger.import.chooseAgain') : t('ledger.import.choose')}
            </Button>
            {chosen ? (
              <Text size="sm" data-testid="ledger-file">
                {t('ledger.import.file', { name: chosen.view.fileName, size: fileSize(chosen.view.bytes) })}
              </Text>
            ) : (
              <Text size="sm" c="gray.7">
                {t('ledger.import.chooseHint')}
              </Text>
            )}
          </Group>
          <FormError message={error} />

          {chosen && !sheet && !preview && !done && (
            <Stack gap="sm">
              <Alert color="yellow" data-testid="ledger-all-hidden">
                {t('ledger.import.allHidden')}
              </Alert>
              <SheetSelect sheets={chosen.view.sheets} value={null} onSheet={(name) => suggest(chosen.view, name)} />
            </Stack>
          )}

          {chosen && sheet && !preview && !done && (
            <MappingStep
              sheets={chosen.view.sheets}
              sheet={sheet}
              headerRow={headerRow}
              mapping={mapping}
              onSheet={(name) => suggest(chosen.view, name)}
              onHeaderRow={(row) => suggest(chosen.view, sheet.name, row)}
              onMapping={setMapping}
              onPreview={() => void runPreview()}
              busy={busy}
            />
          )}

          {preview && !done && (
            <>
              <Group>
                <Button variant="subtle" size="xs" leftSection={<IconArrowLeft size={14} />} onClick={() => setPreview(null)}>
                  {t('ledger.import.steps.columns')}
                </Button>
              </Group>
              <PreviewStep preview={preview} onImport={(skip) => void runImport(skip)} busy={busy} />
            </>
          )}

          {done && (
            <Stack gap="sm" data-testid="ledger-done">
              <Title order={3} size="h4" c="teal.8">
                {t('ledger.import.doneTitle')}
              </Title>
              <Text size="sm">{t('ledger.import.doneText', { file: done.fileName, sheet: done.sheet })}</Text>
              <CountBadges counts={done.counts} done />
              <Group>
                <Button onClick={() => navigate('/persons')} data-testid="ledger-to-list">
                  {t('ledger.import.toList')}
                </Button>
                <Button variant="default" onClick={restart}>
                  {t('ledger.import.another')}
                </Button>
              </Group>
            </Stack>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
