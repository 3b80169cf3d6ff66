/**
 * Accounts and roles (team mode): who signs in, and what each role may do. The permission of
 * every contract method is in `shared/permissions.ts`; what each role sees of the dossiers is
 * enforced by the services.
 */
import { boundedList, optionalText, requiredText, z } from './validation';

export const roles = ['secretariat', 'instructor', 'member', 'readonly'] as const;
export type Role = (typeof roles)[number];

/** As a person reads it, after « Votre rôle ». */
export const roleLabels: Record<Role, string> = {
  secretariat: 'secrétariat',
  instructor: 'instruction',
  member: 'membre de la commission',
  readonly: 'lecture seule',
};

export const PASSWORD_MIN = 10;
const PASSWORD_MAX = 200;

/** Never trimmed or tidied: a password is what was typed. */
export const passwordSchema = z
  .string({ error: 'Le mot de passe doit être un texte.' })
  .min(PASSWORD_MIN, { error: `Le mot de passe compte au moins ${PASSWORD_MIN} caractères.` })
  .max(PASSWORD_MAX, { error: `Le mot de passe ne dépasse pas ${PASSWORD_MAX} caractères.` });

/** The password typed at sign-in: any length, since an old one is checked, not chosen. */
const typedPassword = z.string({ error: 'Le mot de passe doit être un texte.' }).max(PASSWORD_MAX, { error: `Le mot de passe ne dépasse pas ${PASSWORD_MAX} caractères.` });

export const loginSchema = requiredText("L'identifiant", 100).regex(/^[\p{L}\p{N}._@-]+$/u, {
  error: "L'identifiant n'a que des lettres, des chiffres et . _ @ - (sans espace).",
});

/** Without a password: the Windows sign-in, by the account the agency tied to this machine's session user. */
export const signInSchema = z
  .strictObject({
    login: loginSchema.optional(),
    password: typedPassword.optional(),
  })
  .refine((input) => input.password === undefined || input.login !== undefined, { error: "L'identifiant est obligatoire.", path: ['login'] });
export type SignInInput = z.input<typeof signInSchema>;

const departmentsSchema = boundedList('Les départements', requiredText('Un département', 3), 120);

export const accountFieldsSchema = z.strictObject({
  login: loginSchema,
  displayName: requiredText('Le nom affiché', 200),
  role: z.enum(roles, { error: 'Le rôle est secretariat, instructor, member ou readonly.' }),
  /** An instructor's départements: the dossiers they list, read and edit. */
  departments: departmentsSchema.default([]),
  /** A member account's line in the roster: the sessions they sit on, their score sheet. */
  memberId: z.number().int().positive().nullable().default(null),
  /** The Windows session's user name that signs in without a password on this account; '' for none. */
  windowsUser: optionalText('Le compte Windows', 200),
});
export type AccountFields = z.input<typeof accountFieldsSchema>;

/** Why an account's fields do not fit its role, by field; the service and the form say the same. */
export function accountProblems(fields: { role: Role; departments: readonly string[]; memberId: number | null }): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (fields.role === 'instructor' && fields.departments.length === 0) {
    problems.push({ field: 'departments', message: 'Un compte d’instruction a au moins un département.' });
  }
  if (fields.role === 'member' && fields.memberId === null) {
    problems.push({ field: 'memberId', message: 'Un compte de membre est relié à un membre de la commission.' });
  }
  return problems;
}

export const accountSchema = z.object({
  id: z.number(),
  login: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  departments: z.array(z.string()),
  memberId: z.number().nullable(),
  windowsUser: z.string(),
  disabled: z.boolean(),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
});
export type Account = z.infer<typeof accountSchema>;

export const newAccountSchema = accountFieldsSchema.extend({ password: passwordSchema });

export const changePasswordSchema = z.strictObject({
  current: typedPassword,
  next: passwordSchema,
});

export const authStatusSchema = z.object({
  /** false: no account exists yet, and the app runs as the machine's user with every right. */
  accountsExist: z.boolean(),
  account: accountSchema.nullable(),
  /** This machine's session user, for the Windows sign-in. */
  osUser: z.string(),
  /** The agency's shared database (team mode): its first account is offered as soon as it opens. */
  shared: z.boolean(),
});
export type AuthStatus = z.infer<typeof authStatusSchema>;
