import { Alert, Badge, Button, Grid, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconDeviceFloppy } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgreementTemplate } from '../../../../shared/domain/agreements';
import { contract } from '../../../../shared/ipc/contract';
import { isHavenError } from '../../../../shared/ipc/errors';
import { FormError } from '../../../components/FormError';
import { useFormDraft } from '../../../lib/drafts';
import { haven } from '../../../ipc';
import { errorMessage, translateKey } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { notifySuccess } from '../../../lib/notify';
import { zodValidate } from '../../../lib/zodForm';
import { placeholderCode, unknownPlaceholders, type Placeholder } from '../placeholders';
import { PlaceholderList } from './PlaceholderList';
import { Form, SubmitButton } from '../../../components/Form';
import { useLeaveGuard } from '../../../lib/leaveGuard';
import { DraftRestoredNote } from '../../../components/DraftRestoredNote';

/** The same rules the core applies (title 2–60, body 20–20000, note ≤ 200), checked before sending. */
const saveSchema = contract['agreements:saveTemplate'].input;

/**
 * Edits the current version of one kind's template; saving makes a new version (agreements
 * already drafted or signed keep theirs). `base` preloads an older version's words.
 */
export function TemplateEditor({
  current,
  base,
  onSaved,
}: {
  current: AgreementTemplate;
  /** An older version chosen as the starting point (以此版本为底稿), or null for the current one. */
  base: AgreementTemplate | null;
  onSaved: (saved: AgreementTemplate) => void;
}) {
  const { t } = useTranslation();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [error, setError] = useState<string | null>(null);
  const start = base ?? current;
  const form = useForm({
    mode: 'controlled',
    initialValues: { kind: current.kind, title: start.title, body: start.body, note: '' },
    validate: zodValidate(saveSchema, t),
  });
  const { title, body } = form.getValues();
  // The words being edited survive an idle lock (kept for this user in the core's memory, never on
  // disk); a draft belongs to the version it was started from.
  const draft = useFormDraft(`agreement-template:${current.kind}:${current.version}:${start.version}`, { title: form.values.title, body: form.values.body, note: form.values.note }, (saved) =>
    form.setValues(saved),
  );
  const dirty = title !== current.title || body !== current.body;
  // A page-sized form: leaving it with unsaved text asks first (lib/leaveGuard.tsx).
  useLeaveGuard(() => dirty);
  const unknown = unknownPlaceholders(body);

  const insert = (name: Placeholder) => {
    const code = placeholderCode(name);
    const el = bodyRef.current;
    const value = form.getValues().body;
    const from = el ? el.selectionStart : value.length;
    const to = el ? el.selectionEnd : value.length;
    form.setFieldValue('body', value.slice(0, from) + code + value.slice(to));
    requestAnimationFrame(() => {
      if (!el) return;
      el.focus();
      el.setSelectionRange(from + code.length, from + code.length);
    });
  };

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      const saved = await haven.agreements.saveTemplate(values);
      if (saved.version === current.version) {
        notifySuccess(t('agreementsUi.templates.unchanged'));
        return;
      }
      notifySuccess(t('agreementsUi.templates.saved', { version: saved.version }));
      draft.discard();
      onSaved(saved);
    } catch (caught) {
      // A refused field says why next to it (the placeholder names under the body); only a
      // refusal without fields needs the line above the buttons.
      if (isHavenError(caught) && caught.fields) {
        const errors: Record<string, string> = {};
        for (const [path, key] of Object.entries(caught.fields)) errors[path] = translateKey(t, key, caught.params);
        form.setErrors(errors);
      } else {
        setError(errorMessage(t, caught));
      }
    }
  });

  const discard = () => {
    form.setValues({ title: current.title, body: current.body, note: '' });
    form.clearErrors();
    setError(null);
  };

  return (
    <Form onSubmit={submit} noValidate data-testid="template-form" data-kind={current.kind}>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="sm">
            <Group gap="sm" wrap="wrap">
              <Badge variant="light" size="lg" tt="none" data-testid="template-current-version" data-version={current.version}>
                {t('agreementsUi.templates.current', { version: current.version })}
              </Badge>
              <Text size="sm" c="dimmed">
                {t('agreementsUi.templates.currentMeta', { time: formatDateTime(current.createdAt), by: current.createdBy ?? t('agreementsUi.templates.builtIn') })}
              </Text>
              {dirty && (
                <Badge color="orange" variant="dot" data-testid="template-dirty">
                  {t('agreementsUi.templates.dirty')}
                </Badge>
              )}
            </Group>
            {base && base.id !== current.id && (
              <Alert color="blue" variant="light" p="xs">
                <Text size="sm">{t('agreementsUi.templates.baseLoaded', { version: base.version })}</Text>
              </Alert>
            )}
            <TextInput label={t('agreementsUi.templates.title')} required maw={420} data-testid="template-title" {...form.getInputProps('title')} />
            <Alert color="gray" variant="light" p="xs" title={t('agreementsUi.templates.sectionsTitle')} data-testid="template-sections-hint">
              <Text size="sm">{t('agreementsUi.templates.sectionsHint')}</Text>
            </Alert>
            <Textarea
              ref={bodyRef}
              label={t('agreementsUi.templates.body')}
              description={t('agreementsUi.templates.bodyHint', { example: placeholderCode('person.name') })}
              required
              autosize
              minRows={14}
              maxRows={24}
              // A refused body keeps its words readable: only the border and the message turn red.
              styles={{ input: { lineHeight: 1.7, color: 'var(--mantine-color-text)' } }}
              data-testid="template-body"
              errorProps={{ 'data-testid': 'template-body-error' }}
              {...form.getInputProps('body')}
            />
            {unknown.length > 0 && !form.errors.body && (
              <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} p="xs" data-testid="template-unknown">
                <Text size="sm">{t('agreementsUi.templates.unknown', { names: unknown.join('、') })}</Text>
              </Alert>
            )}
            <TextInput
              label={t('agreementsUi.templates.note')}
              placeholder={t('agreementsUi.templates.notePlaceholder')}
              maw={560}
              data-testid="template-note"
              {...form.getInputProps('note')}
            />
            <DraftRestoredNote shown={draft.restored} />
            <FormError message={error} />
            <Group gap="sm">
              <SubmitButton leftSection={<IconDeviceFloppy size={18} />} loading={form.submitting} disabled={!dirty} data-testid="template-save">
                {t('agreementsUi.templates.save')}
              </SubmitButton>
              <Button variant="default" onClick={discard} disabled={!dirty && !form.getValues().note} data-testid="template-discard">
                {t('agreementsUi.templates.discard')}
              </Button>
            </Group>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <div style={{ position: 'sticky', top: 72, maxHeight: 'calc(100dvh - 88px)', overflowY: 'auto' }}>
            <PlaceholderList onInsert={insert} />
          </div>
        </Grid.Col>
      </Grid>
    </Form>
  );
}
