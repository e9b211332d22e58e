import { Code, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PLACEHOLDERS, placeholderCode, type Placeholder } from '../placeholders';
import classes from './PlaceholderList.module.css';

/** The placeholders with what each stands for; a click inserts one at the body's cursor. */
export function PlaceholderList({ onInsert, disabled }: { onInsert: (name: Placeholder) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="sm" data-testid="template-placeholders">
      <Text fw={600} size="sm">
        {t('agreementsUi.templates.placeholders')}
      </Text>
      <Text size="xs" c="dimmed" mb="xs">
        {t('agreementsUi.templates.placeholdersHint')}
      </Text>
      <Stack gap={2}>
        {PLACEHOLDERS.map((name) => (
          <UnstyledButton
            key={name}
            className={classes.row}
            onClick={() => onInsert(name)}
            disabled={disabled}
            aria-label={t('agreementsUi.templates.insert', { code: placeholderCode(name) })}
            data-testid={`placeholder-${name}`}
          >
            <Code className={classes.code}>{placeholderCode(name)}</Code>
            <Text size="xs" c="dimmed" component="span">
              {t(`agreementsUi.templates.placeholder.${name}`)}
            </Text>
          </UnstyledButton>
        ))}
      </Stack>
    </Paper>
  );
}
