import { useEffect, useState } from 'react';

/** Focuses a field by id; a group (radio buttons, a row) gives the focus to its first control. */
export function focusField(id: string): void {
  const element = document.getElementById(id);
  if (!element) return;
  const control = element.matches('input, select, textarea, button, a, [tabindex]')
    ? element
    : element.querySelector<HTMLElement>('input, select, textarea, button');
  (control ?? element).focus();
}

/**
 * Focus to give once React has rendered: keyboard users land on the row they added, or back on
 * the add button after a removal.
 */
export function useFocusRequest(): (id: string) => void {
  const [id, setId] = useState<string | null>(null);
  useEffect(() => {
    if (id === null) return;
    focusField(id);
    setId(null);
  }, [id]);
  return setId;
}
