import '@mantine/dates/styles.css';
import 'dayjs/locale/zh-cn';
import { DateInput, DatesProvider, type DateInputProps } from '@mantine/dates';
import { useTranslation } from 'react-i18next';

/** A calendar day typed or picked as YYYY-MM-DD, the way the core stores it; weeks start on Monday. */
export function DateField({
  value,
  onChange,
  ...props
}: Omit<DateInputProps, 'value' | 'onChange'> & { value?: string | null; onChange?: (value: string | null) => void }) {
  const { i18n } = useTranslation();
  return (
    <DatesProvider settings={{ locale: i18n.language === 'en' ? 'en' : 'zh-cn', firstDayOfWeek: 1 }}>
      <DateInput
        valueFormat="YYYY-MM-DD"
        placeholder="YYYY-MM-DD"
        autoComplete="off"
        value={value || null}
        onChange={onChange}
        popoverProps={{ withinPortal: true }}
        {...props}
      />
    </DatesProvider>
  );
}
