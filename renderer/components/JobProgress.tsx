import { Button, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobProgress as Progressing } from '../../shared/domain/types';
import { haven } from '../ipc';
import { notifyProblem } from '../lib/notify';
import { BESIDE_OTHER_WORK, JOB_TITLES } from './jobTitles';

/**
 * A long job's progress (the core runs it in its own thread, so the window stays usable): the
 * step in words, a bar, and 停止 while stopping is still safe. Shown over any screen, bottom right.
 */
export function JobProgress() {
  const { t } = useTranslation();
  const [job, setJob] = useState<Progressing | null>(null);
  const [stopping, setStopping] = useState(false);

  useEffect(
    () =>
      haven.onEvent((event) => {
        if (event.type === 'progress') setJob(event.progress);
        if (event.type === 'jobEnded' && event.job === 'backups:scheduled' && event.outcome === 'failed') notifyProblem(t('jobs.scheduledBackupFailed'));
        if (event.type === 'jobEnded' || event.type === 'locked') {
          setJob(null);
          setStopping(false);
        }
      }),
    [t],
  );

  if (!job) return null;
  const title = job.job in JOB_TITLES ? t(JOB_TITLES[job.job as keyof typeof JOB_TITLES]) : t('jobs.label');
  // No steps to count (a rekey): a full, moving bar says "working" without a false figure.
  const percent = job.total > 0 ? Math.min(100, Math.round((job.done / job.total) * 100)) : 100;
  const phase = t(`jobs.phase.${job.phase}`, { done: job.done, total: job.total });
  const stop = () => {
    setStopping(true);
    void haven.shell.cancelJob().catch(() => setStopping(false));
  };

  return (
    <Paper
      withBorder
      shadow="md"
      p="md"
      radius="md"
      w={360}
      role="status"
      aria-live="polite"
      data-testid="job-progress"
      style={{ position: 'fixed', right: 24, bottom: 24, zIndex: 400 }}
    >
      <Stack gap={6}>
        <Text fw={600} size="sm">
          {title}
        </Text>
        <Text size="sm" data-testid="job-phase">
          {phase}
        </Text>
        <Progress value={percent} striped={job.total === 0} animated={job.total === 0 || job.done < job.total} aria-label={`${title}: ${phase}`} />
        <Text size="xs" c="gray.7">
          {job.cancellable ? t('jobs.stopHint') : BESIDE_OTHER_WORK.has(job.job) ? t('jobs.stillWorking') : t('jobs.mustFinish')}
        </Text>
        {job.cancellable && (
          <Group justify="flex-end">
            <Button size="xs" variant="default" onClick={stop} loading={stopping} data-testid="job-stop">
              {stopping ? t('jobs.stopping') : t('jobs.stop')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
