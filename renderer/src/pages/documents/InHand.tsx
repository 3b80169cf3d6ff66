import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import type { FrIconClassName } from '@codegouvfr/react-dsfr';
import { useState } from 'react';
import type { Output } from '../../../../shared/contract';
import type { Result } from '../../../../shared/result';
import { call } from '../../api';
import { documentKindLabels, type RegisteredDocument } from './labels';

export interface Notice {
  severity: 'success' | 'info' | 'warning' | 'error';
  title: string;
  /** A path, or what the user should know (a draft without its recipient). */
  lines?: string[];
}

export const fileNameOf = (path: string) => path.split(/[\\/]/).at(-1) ?? path;

/** The last action's outcome, read by screen readers as it changes. */
export function NoticeArea({ notice }: { notice: Notice | null }) {
  return (
    <div aria-live="polite">
      {notice && (
        <Alert
          small
          severity={notice.severity}
          className="fr-mb-3w"
          description={
            <>
              <span className="fr-text--bold">{notice.title}</span>
              {notice.lines?.map((line) => (
                <span key={line} className="app-path">
                  {line}
                </span>
              ))}
            </>
          }
        />
      )}
    </div>
  );
}

/** A failure as the notice says it, else what `done` makes of the value. */
export function noticeOf<T>(result: Result<T>, failure: string, done: (value: T) => Notice): Notice {
  return result.ok ? done(result.value) : { severity: 'error', title: failure, lines: [result.error.message] };
}

/** Outside the desktop app nothing opens: the notice says where the file is. */
export function openedNotice(value: { path: string; opened: boolean }, what: string): Notice {
  return value.opened
    ? { severity: 'info', title: `${what} s'ouvre sur l'ordinateur.` }
    : { severity: 'info', title: `${what} est enregistré ici :`, lines: [value.path] };
}

/** What a written e-mail draft says: opened in the mail client, or where it is; and its warnings. */
export function draftNotice(value: Output<'mail.letterDraft'>): Notice {
  const opened = openedNotice(value, `Le brouillon de courriel « ${value.subject} »`);
  return value.warnings.length ? { ...opened, severity: 'warning', lines: [...(opened.lines ?? []), ...value.warnings] } : opened;
}

export function draftsNotice(value: Output<'mail.sessionDrafts'>): Notice {
  if (value.folder === null) return { severity: 'info', title: "Aucun brouillon n'a été écrit : le choix du dossier a été annulé." };
  const warnings = value.drafts.flatMap((d) => d.warnings);
  return {
    severity: warnings.length ? 'warning' : 'success',
    title: `${value.drafts.length} brouillon${value.drafts.length > 1 ? 's' : ''} de courriel écrit${value.drafts.length > 1 ? 's' : ''} dans :`,
    lines: [value.folder, ...warnings],
  };
}

type DocumentAction = { label: string; icon: FrIconClassName; act: () => Promise<Notice> };

/** Open, print, save a copy, show in its folder, and for a letter to send, its e-mail draft. */
export function DocumentActions({ doc, onNotice }: { doc: RegisteredDocument; onNotice: (notice: Notice) => void }) {
  const [busy, setBusy] = useState(false);
  const name = `${documentKindLabels[doc.kind]} ${doc.reference}`;
  const file = `« ${fileNameOf(doc.filePath)} »`;
  const run = async (action: () => Promise<Notice>) => {
    setBusy(true);
    onNotice(await action());
    setBusy(false);
  };
  const actions: DocumentAction[] = [
    {
      label: 'Ouvrir',
      icon: 'fr-icon-file-pdf-line',
      act: async () => noticeOf(await call('documents.open', { id: doc.id }), `${file} n'a pas pu être ouvert`, (v) => openedNotice(v, file)),
    },
    {
      label: 'Imprimer',
      icon: 'fr-icon-printer-line',
      act: async () =>
        noticeOf(await call('documents.print', { id: doc.id }), `${file} n'a pas pu être imprimé`, (v) =>
          v.printed
            ? { severity: 'success', title: `${file} est envoyé à l'imprimante.` }
            : { severity: 'info', title: `Imprimez ${file} depuis votre visionneuse ; il est enregistré ici :`, lines: [v.path] },
        ),
    },
    {
      label: 'Enregistrer une copie',
      icon: 'fr-icon-save-line',
      act: async () =>
        noticeOf(await call('documents.saveCopy', { id: doc.id }), `La copie de ${file} n'a pas pu être enregistrée`, (v) =>
          v.path ? { severity: 'success', title: `Copie de ${file} enregistrée :`, lines: [v.path] } : { severity: 'info', title: 'Enregistrement annulé.' },
        ),
    },
    {
      label: 'Afficher dans le dossier',
      icon: 'fr-icon-folder-2-line',
      act: async () =>
        noticeOf(await call('documents.reveal', { id: doc.id }), `${file} n'a pas pu être montré`, (v) =>
          v.shown ? { severity: 'info', title: `${file} est montré dans son dossier.` } : { severity: 'info', title: `${file} est enregistré ici :`, lines: [v.path] },
        ),
    },
    ...(doc.kind === 'decision_letter' && !doc.stale
      ? ([
          {
            label: 'Brouillon de courriel',
            icon: 'fr-icon-mail-line',
            act: async () => noticeOf(await call('mail.letterDraft', { documentId: doc.id }), "Le brouillon de courriel n'a pas pu être écrit", draftNotice),
          },
        ] satisfies DocumentAction[])
      : []),
  ];
  return (
    <ul className="fr-btns-group fr-btns-group--sm fr-btns-group--icon-left app-document-actions">
      {actions.map(({ label, icon, act }) => (
        <li key={label}>
          <Button
            size="small"
            priority="tertiary"
            iconId={icon}
            disabled={busy}
            nativeButtonProps={{ 'aria-label': `${label} : ${name}` }}
            onClick={() => void run(act)}
          >
            {label}
          </Button>
        </li>
      ))}
    </ul>
  );
}
