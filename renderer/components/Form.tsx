import { Button, Tooltip, type ButtonProps } from '@mantine/core';
import { forwardRef, useRef, type ComponentPropsWithoutRef, type KeyboardEvent, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The one `<form>` of the app. A form submits only from its submit button or Ctrl+Enter (⌘+Enter):
 * Enter in a field never submits. Browsers submit a form on Enter in any text input ("implicit
 * submission"), and Mantine's Select/Combobox passes Enter through when its dropdown is closed, so
 * Enter in 民族 created a file with only a name and an ID number. Enter stays untouched inside a
 * textarea (a new line), on buttons and links (their own action), and inside an open listbox (it
 * picks the option: Mantine handles that on the input before it reaches the form).
 *
 * A form submits once at a time: a second Ctrl+Enter (or a held one) while the first save is still
 * with the core would otherwise record the same drug test, contact or violation twice, and a
 * duplicated refusal or violation inflates the serious-breach counts.
 */
export interface FormProps extends ComponentPropsWithoutRef<'form'> {
  /**
   * Only for the login and unlock forms: one password, nothing typed that could be lost, and
   * Enter after a password is what everyone expects. Every other form leaves it off.
   */
  enterSubmits?: boolean;
}

/** Ctrl+Enter as it is shown (tooltips, the guide) and as `aria-keyshortcuts` names it. */
export const SUBMIT_SHORTCUT = { shown: 'Ctrl+Enter', aria: 'Control+Enter' } as const;

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLTextAreaElement) return false;
  if (target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement) return false;
  if (target instanceof HTMLInputElement) {
    return !['button', 'submit', 'reset', 'checkbox', 'radio', 'file'].includes(target.type);
  }
  return false;
}

/** The form's default button (its first submit button), which a keyboard submit stands in for. */
function defaultButton(form: HTMLFormElement): HTMLButtonElement | HTMLInputElement | null {
  for (const element of Array.from(form.elements)) {
    if ((element instanceof HTMLButtonElement || element instanceof HTMLInputElement) && element.type === 'submit') return element;
  }
  return null;
}

/**
 * The submit button says the form may not be sent now: disabled (nothing changed, the name typed
 * to confirm does not match) or loading (Mantine's `loading` marks it `data-loading` while the
 * save is with the core). A click could not get through it; Ctrl+Enter must not either.
 */
function submitBlocked(form: HTMLFormElement): boolean {
  const button = defaultButton(form);
  return button !== null && (button.disabled || button.hasAttribute('data-loading'));
}

export function onFormKeyDown(event: KeyboardEvent<HTMLFormElement>): void {
  if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
  if (event.ctrlKey || event.metaKey) {
    event.preventDefault();
    // A held key repeats: one press is one submit.
    if (event.repeat || submitBlocked(event.currentTarget)) return;
    event.currentTarget.requestSubmit();
    return;
  }
  if (isTextEntry(event.target)) event.preventDefault();
}

export const Form = forwardRef<HTMLFormElement, FormProps>(function Form({ onKeyDown, onSubmit, enterSubmits = false, ...props }, ref) {
  // Set from a submit until the next task: by then React has rendered the submit button as loading
  // (`data-loading`), which keeps further submits out for as long as the save takes. The flag only
  // covers the moment between the two, and cannot stay stuck if a form shows no loading state.
  const justSubmitted = useRef(false);
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const button = defaultButton(form);
    if (justSubmitted.current || (button !== null && button.hasAttribute('data-loading'))) {
      event.preventDefault();
      return;
    }
    justSubmitted.current = true;
    setTimeout(() => {
      justSubmitted.current = false;
    }, 0);
    onSubmit?.(event);
  };
  return (
    <form
      ref={ref}
      {...props}
      onSubmit={submit}
      onKeyDown={(event) => {
        onKeyDown?.(event);
        if (!event.defaultPrevented && !enterSubmits) onFormKeyDown(event);
      }}
    />
  );
});

/**
 * A form's submit button: it names its shortcut to screen readers (`aria-keyshortcuts`) and, on
 * hover, in a tooltip, so Ctrl+Enter can be found without the guide. Not for the login and unlock
 * forms, where Enter submits.
 */
export const SubmitButton = forwardRef<HTMLButtonElement, ButtonProps & Omit<ComponentPropsWithoutRef<'button'>, keyof ButtonProps | 'type'>>(
  function SubmitButton(props, ref) {
    const { t } = useTranslation();
    return (
      <Tooltip label={t('common.shortcut', { keys: SUBMIT_SHORTCUT.shown })} withArrow openDelay={400}>
        <Button ref={ref} type="submit" aria-keyshortcuts={SUBMIT_SHORTCUT.aria} {...props} />
      </Tooltip>
    );
  },
);
