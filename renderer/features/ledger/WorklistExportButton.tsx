import { Button } from '@mantine/core';
import { IconFileSpreadsheet } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf } from '../../../shared/ipc/contract';
import { haven } from '../../ipc';
import { errorMessage } from '../../lib/errors';
import { notifySuccess } from '../../lib/notify';
import { notifications } from '@mantine/notifications';

/** 导出 Excel on 待办: the alerts the list shows (its filters), ID numbers masked. */
export function WorklistExportButton({ filter }: { filter: Omit<InputOf<'ledger:exportWorklist'>, 'locale'> }) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const made = await haven.ledger.exportWorklist({ ...filter, locale: i18n.language === 'en' ? 'en' : 'zh-CN' });
      const { path } = await haven.shell.saveSpreadsheet({ jobId: made.jobId });
      if (path) notifySuccess(t('ledger.export.worklistSaved', { path, rows: made.rows }));
    } catch (caught) {
      notifications.show({ message: errorMessage(t, caught), color: 'red', withBorder: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="default" size="xs" leftSection={<IconFileSpreadsheet size={16} />} onClick={() => void run()} loading={busy} data-testid="worklist-export">
      {t('ledger.export.worklist')}
    </Button>
  );
}
