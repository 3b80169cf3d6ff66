/** French display of numbers, amounts, dates and answers, in one place so that every screen agrees. */
import { NBSP, formatDate as formatCalendarDate } from '../../shared/french';

const integer = new Intl.NumberFormat('fr-FR');
const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const clock = new Intl.DateTimeFormat('fr-FR', { timeStyle: 'short' });

export const formatNumber = (n: number) => (Number.isInteger(n) ? integer.format(n) : decimal.format(n));

/** « 0 dossier », « 1 dossier », « 1 234 dossiers »: in French, 0 and 1 are singular. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${integer.format(n)} ${n >= 2 ? plural : singular}`;
}

export function formatEuros(amount: number): string {
  return new Intl.NumberFormat('fr-FR', {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: Number.isInteger(amount) ? 0 : 2,
  }).format(amount);
}

/** The documents' dates (« 1er » for the first of the month), with the plain spaces of the other figures on screen. */
const formatDate = (date: string | Date, short = false) => formatCalendarDate(date, { short }).replaceAll(NBSP, ' ');

/** A calendar date "2026-10-01" as « 1er octobre 2026 », whatever the computer's time zone. */
export const formatDay = (isoDate: string) => formatDate(isoDate);

/** An instant as « 1er octobre 2026 à 19:05 », in the computer's time zone. */
export const formatInstant = (iso: string) => `${formatDate(new Date(iso))} à ${clock.format(new Date(iso))}`;

/** An instant (or a calendar date) as « 22 nov. 2026 », for the columns of a list. */
export const formatShortDay = (iso: string) => formatDate(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : new Date(iso), true);

/** « Oui », « Non », or null when the dossier does not say: the screen says « Non renseigné » its own way. */
export function formatAnswer(answer: boolean | null): string | null {
  if (answer === null) return null;
  return answer ? 'Oui' : 'Non';
}

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${integer.format(bytes)} octets`;
  if (bytes < 1024 * 1024) return `${decimal.format(Math.round(bytes / 102.4) / 10)} ko`;
  return `${decimal.format(Math.round(bytes / (1024 * 102.4)) / 10)} Mo`;
}

/** « a, b et c ». */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items.at(-1)}`;
}

/** A time "14:00" as « 14 h », "14:30" as « 14 h 30 », as French typography writes hours. */
export function formatTime(time: string): string {
  const [hours = '', minutes = '00'] = time.split(':');
  return `${Number(hours)} h${minutes === '00' ? '' : ` ${minutes}`}`;
}
