import '@mantine/dates/styles.css';
import 'dayjs/locale/zh-cn';
import { DateInput, DatesProvider, type DateInputProps } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { todayIso } from '../lib/today';

/**
 * The calendar's headers in Chinese order ("2026年11月", not dayjs's "十一月 2026"); English keeps
 * Mantine's defaults.
 */
const zhLabels = { monthLabelFormat: 'YYYY年M月', yearLabelFormat: 'YYYY年', decadeLabelFormat: 'YYYY年', monthsListFormat: 'M月' } as const;

/**
 * A calendar day typed or picked as YYYY-MM-DD, the way the core stores it; weeks start on Monday.
 *
 * `notFuture`: for the days the core refuses after today (a test, a talk, a transition…): the
 * calendar does not offer them, and one typed says so at once rather than after 保存. Not Mantine's
 * `maxDate`: with it a typed later day is silently put back to the previous one on leaving the
 * field, and a wrong day could be saved without anyone noticing.
 */
export function DateField({
  value,
  onChange,
  notFuture = false,
  error,
  ...props
}: Omit<DateInputProps, 'value' | 'onChange'> & { value?: string | null; onChange?: (value: string | null) => void; notFuture?: boolean }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  // The core's day (lib/today.ts), the one it checks against.
  const today = todayIso();
  const future = notFuture && !!value && value > today;
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
        excludeDate={notFuture ? (day: string) => day > today : undefined}
        {...props}
        error={error || (future ? t('validation.dateInFuture') : undefined)}
      />
    </DatesProvider>
  );
}
