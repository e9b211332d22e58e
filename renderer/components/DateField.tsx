import '@mantine/dates/styles.css';
import 'dayjs/locale/zh-cn';
import { DateInput, DatesProvider, type DateInputProps } from '@mantine/dates';
import { useTranslation } from 'react-i18next';

/**
 * The calendar's headers in Chinese order ("2026年11月", not dayjs's "十一月 2026"); English keeps
 * Mantine's defaults.
 */
const zhLabels = { monthLabelFormat: 'YYYY年M月', yearLabelFormat: 'YYYY年', decadeLabelFormat: 'YYYY年', monthsListFormat: 'M月' } as const;

/** A calendar day typed or picked as YYYY-MM-DD, the way the core stores it; weeks start on Monday. */
export function DateField({
  value,
  onChange,
  ...props
}: Omit<DateInputProps, 'value' | 'onChange'> & { value?: string | null; onChange?: (value: string | null) => void }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  return (
    <DatesProvider settings={{ locale: english ? 'en' : 'zh-cn', firstDayOfWeek: 1 }}>
      <DateInput
        {...(english ? {} : zhLabels)}
        valueFormat="YYYY-MM-DD"
        placeholder="YYYY-MM-DD"
        autoComplete="off"
        value={value || null}
        onChange={onChange}
        popoverProps={{ withinPortal: true }}
        // The calendar's ‹ › have no spoken name otherwise (axe: button-name).
        previousLabel={t('common.calendarPrevious')}
        nextLabel={t('common.calendarNext')}
        {...props}
      />
    </DatesProvider>
  );
}
