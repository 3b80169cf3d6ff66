/**
 * The contract's methods of accounts: signing in on this machine, the agency's accounts (the
 * secretariat's), and a member's own declaration of interests. Spread into `contract`.
 */
import {
  accountFieldsSchema,
  accountSchema,
  authStatusSchema,
  changePasswordSchema,
  loginSchema,
  newAccountSchema,
  passwordSchema,
  signInSchema,
} from '../accounts';
import type { ItemsUpdate } from '../session';
import { optionalText, requiredText, z } from '../validation';

const accountId = z.number().int().positive();

export const accountMethods = {
  'auth.status': {
    description: 'Le compte connecté sur ce poste, et si la base a des comptes (sans compte, chacun a tous les droits).',
    input: z.strictObject({}),
    output: authStatusSchema,
  },
  'auth.signIn': {
    description:
      "Connecte un compte sur ce poste par son identifiant et son mot de passe ; sans mot de passe, par le compte Windows de la session quand le compte le permet.",
    input: signInSchema,
    output: authStatusSchema,
  },
  'auth.signOut': {
    description: 'Déconnecte le compte de ce poste.',
    input: z.strictObject({}),
    output: authStatusSchema,
  },
  'auth.changePassword': {
    description: 'Change le mot de passe du compte connecté (l’ancien est demandé).',
    input: changePasswordSchema,
    output: authStatusSchema,
  },
  'auth.createFirstAccount': {
    description: 'Crée le premier compte, du secrétariat, et le connecte ; refusé dès qu’un compte existe.',
    input: z.strictObject({
      login: loginSchema,
      displayName: requiredText('Le nom affiché', 200),
      password: passwordSchema,
    }),
    output: authStatusSchema,
  },
  'accounts.list': {
    description: 'Les comptes de l’agence : rôle, départements, membre relié, compte Windows, désactivé.',
    input: z.strictObject({}),
    output: z.array(accountSchema),
  },
  'accounts.save': {
    description:
      'Crée un compte (avec son mot de passe) ou modifie un compte existant (avec son identifiant numérique id) ; un identifiant de connexion ne sert qu’une fois.',
    input: z.union([
      z.strictObject({ account: newAccountSchema }),
      z.strictObject({ id: accountId, account: accountFieldsSchema }),
    ]),
    output: accountSchema,
  },
  'accounts.resetPassword': {
    description: 'Donne un nouveau mot de passe à un compte (à lui transmettre) ; ses essais manqués sont oubliés.',
    input: z.strictObject({ id: accountId, password: passwordSchema }),
    output: accountSchema,
  },
  'accounts.disable': {
    description: 'Désactive un compte (il ne peut plus se connecter), ou le réactive avec disabled: false ; le dernier compte du secrétariat actif reste.',
    input: z.strictObject({ id: accountId, disabled: z.boolean().default(true) }),
    output: accountSchema,
  },
  'conflicts.declare': {
    description:
      "Un membre déclare (ou retire) son lien d'intérêts avec un dossier de l'ordre du jour d'une séance où il siège : il ne prend part ni aux débats ni au vote de ce point.",
    input: z.strictObject({
      itemId: z.number().int().positive(),
      declared: z.boolean().default(true),
      reason: optionalText('Le motif du déport', 500),
    }),
    output: z.custom<ItemsUpdate>(),
  },
} as const;
