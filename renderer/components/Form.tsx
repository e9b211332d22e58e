import { forwardRef, type ComponentPropsWithoutRef, type KeyboardEvent } from 'react';

/**
 * The one `<form>` of the app. A form submits only from its submit button or Ctrl+Enter (⌘+Enter):
 * Enter in a field never submits. Browsers submit a form on Enter in any text input ("implicit
 * submission"), and Mantine's Select/Combobox passes Enter through when its dropdown is closed, so
 * Enter in 民族 created a file with only a name and an ID number. Enter stays untouched inside a
 * textarea (a new line), on buttons and links (their own action), and inside an open listbox (it
 * picks the option: Mantine handles that on the input before it reaches the form).
 */
export interface FormProps extends ComponentPropsWithoutRef<'form'> {
  /**
   * Only for the login and unlock forms: one password, nothing typed that could be lost, and
   * Enter after a password is what everyone expects. Every other form leaves it off.
   */
  enterSubmits?: boolean;
}

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLTextAreaElement) return false;
  if (target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement) return false;
  if (target instanceof HTMLInputElement) {
    return !['button', 'submit', 'reset', 'checkbox', 'radio', 'file'].includes(target.type);
  }
  return false;
}

export function onFormKeyDown(event: KeyboardEvent<HTMLFormElement>): void {
  if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
  if (event.ctrlKey || event.metaKey) {
    event.preventDefault();
    event.currentTarget.requestSubmit();
    return;
  }
  if (isTextEntry(event.target)) event.preventDefault();
}

export const Form = forwardRef<HTMLFormElement, FormProps>(function Form({ onKeyDown, enterSubmits = false, ...props }, ref) {
  return (
    <form
      ref={ref}
      {...props}
      onKeyDown={(event) => {
        onKeyDown?.(event);
        if (!event.defaultPrevented && !enterSubmits) onFormKeyDown(event);
      }}
    />
  );
});
