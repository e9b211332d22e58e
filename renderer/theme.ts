import { createTheme, NumberInput, PasswordInput, RadioGroup, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';

const sans = "'Noto Sans SC', system-ui, -apple-system, 'Segoe UI', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/**
 * Nearly every field is required, so a red asterisk on each says nothing; fields keep the
 * `required` attribute (announced by screen readers) and labels stay exactly their words, which
 * also keeps `getByLabel('密码', { exact: true })` working in tests.
 */
const noAsterisk = { defaultProps: { withAsterisk: false } };

/** Calm and plain: teal, generous spacing, the bundled Noto Sans SC first. */
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 7,
  fontFamily: sans,
  fontFamilyMonospace: "ui-monospace, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace",
  headings: { fontFamily: sans, fontWeight: '700' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  components: {
    TextInput: TextInput.extend(noAsterisk),
    PasswordInput: PasswordInput.extend(noAsterisk),
    NumberInput: NumberInput.extend(noAsterisk),
    RadioGroup: RadioGroup.extend(noAsterisk),
    DateInput: DateInput.extend(noAsterisk),
  },
});
