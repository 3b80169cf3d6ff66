import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { AppErrorData } from '../../../shared/result';
import { fieldId } from '../forms';
import { ErrorSummary, type ErrorItem } from './ErrorSummary';
import { StaleVersionAlert, staleVersionMessage } from './StaleVersion';

export type SaveOutcome =
  | { kind: 'saved' }
  | { kind: 'invalid'; items: ErrorItem[] }
  | { kind: 'failed'; message: string }
  /** Someone saved the record since it was opened: the message names them, « Recharger » reads it again. */
  | { kind: 'stale'; message: string };

/** A refused save: the summary lists `items` (the errors placed next to their fields), or the message alone. */
export function refusedOutcome(error: AppErrorData, items: ErrorItem[]): SaveOutcome {
  const stale = staleVersionMessage(error);
  if (stale) return { kind: 'stale', message: stale };
  if (items.length) return { kind: 'invalid', items };
  return error.code === 'VALIDATION' ? { kind: 'invalid', items: [{ message: error.message }] } : { kind: 'failed', message: error.message };
}

/** The outcome of a form's last save, and where it takes the keyboard focus once said. */
export function useSaveOutcome() {
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);
  return { outcome, setOutcome, outcomeRef };
}

/** A refused save of one settings section ('' for a whole form): each detail placed on its field (named within the section), and the summary. */
export function sectionRefusal(section: string, error: AppErrorData, setFieldError: (field: string, message: string) => void): SaveOutcome {
  const prefix = section ? `${section}.` : '';
  const details = (error.details ?? []).filter((d) => d.field.startsWith(prefix) && d.field !== 'expectedVersion');
  for (const d of details) setFieldError(d.field.slice(prefix.length), d.message);
  return refusedOutcome(error, details.map((d) => ({ message: d.message, fieldId: fieldId(d.field) })));
}

/** What a form says after a save, where the keyboard focus is brought. */
export function SaveOutcomeMessage({
  outcome,
  outcomeRef,
  saved,
  refusedTitle,
  onReload,
}: {
  outcome: SaveOutcome | null;
  outcomeRef: RefObject<HTMLDivElement | null>;
  saved: { title?: string; description: string } | null;
  refusedTitle: string;
  /** Reads the record again, after a save refused over a newer version. */
  onReload?: () => void;
}) {
  return (
    <div ref={outcomeRef} tabIndex={-1} className="app-outcome">
      {outcome?.kind === 'saved' &&
        saved &&
        (saved.title ? (
          <Alert severity="success" title={saved.title} description={saved.description} />
        ) : (
          <Alert severity="success" small description={saved.description} />
        ))}
      {outcome?.kind === 'invalid' && <ErrorSummary title={refusedTitle} items={outcome.items} />}
      {outcome?.kind === 'failed' && <Alert severity="error" title={refusedTitle} description={outcome.message} />}
      {outcome?.kind === 'stale' &&
        (onReload ? (
          <StaleVersionAlert message={outcome.message} onReload={onReload} />
        ) : (
          <Alert severity="error" title={refusedTitle} description={outcome.message} />
        ))}
    </div>
  );
}
