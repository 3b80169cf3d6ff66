/** The documents a session produces, and how the app names each kind. */
export const documentKinds = ['decision_letter', 'funding_agreement', 'minutes'] as const;
export type DocumentKind = (typeof documentKinds)[number];

export const documentKindLabels: Record<DocumentKind, string> = {
  decision_letter: 'Courrier de décision',
  funding_agreement: 'Convention de financement',
  minutes: 'Procès-verbal',
};
