/**
 * Calendar days as the user lives them: the machine's local time, not UTC. A decision taken at
 * 21:00 in Martinique (UTC−4) is dated that day, not the next one.
 */
import type { ServiceContext } from './context';

/** YYYY-MM-DD of an instant, in the machine's time zone. */
export function localDay(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** Today, in the machine's time zone. */
export const localToday = (ctx: Pick<ServiceContext, 'now'>) => localDay(ctx.now());
