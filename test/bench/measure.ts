/**
 * What every bench section shares: timing, medians of alternating runs, French figures, and the
 * list of targets that `npm run bench` prints at its end, one line each.
 */
import { performance } from 'node:perf_hooks';

export const RUNS = 5;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
}

/** Runs each measure `runs` times, taking turns, and gives each one's median. */
export async function alternate<K extends string>(measures: Record<K, () => Promise<number>>, runs = RUNS): Promise<Record<K, number>> {
  const times = Object.fromEntries(Object.keys(measures).map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < runs; i++) {
    for (const key of Object.keys(measures) as K[]) times[key].push(await measures[key]());
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v as number[])])) as Record<K, number>;
}

export const fr = (n: number, digits = 0) => n.toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const ms = (n: number) => `${fr(n, n < 10 ? 1 : 0)} ms`;
export const mb = (bytes: number) => `${fr(bytes / 1024 / 1024)} Mo`;
export const kb = (bytes: number) => `${fr(bytes / 1024)} Ko`;

interface Target {
  label: string;
  figure: string;
  /** The floor or peer measured in the same run, when the target is a ratio. */
  floor?: string;
  ratio?: number;
  target: string;
  meets: boolean;
}

const targets: Target[] = [];

/** A figure that must stay within `max` times a floor measured in the same run. */
export function ratioTarget(label: string, value: number, floorLabel: string, floor: number, max: number, format = ms): string {
  const ratio = value / floor;
  const meets = ratio <= max;
  targets.push({ label, figure: format(value), floor: `${floorLabel} ${format(floor)}`, ratio, target: `≤ ${fr(max, 1)}×`, meets });
  return `  ${label} : ${format(value)} ; ${floorLabel} : ${format(floor)} ; ratio ${fr(ratio, 2)} (objectif ≤ ${fr(max, 1)})${meets ? '' : ' — objectif non atteint'}`;
}

/** A figure that must stay under an absolute limit. */
export function limitTarget(label: string, value: number, max: number, format = ms): string {
  const meets = value <= max;
  targets.push({ label, figure: format(value), target: `≤ ${format(max)}`, meets });
  return `  ${label} : ${format(value)} (objectif ≤ ${format(max)})${meets ? '' : ' — objectif non atteint'}`;
}

/** The closing table: one line per target, in the order they were measured. */
export function printTargets(): void {
  if (targets.length === 0) return;
  console.log('\nObjectifs :');
  for (const t of targets) {
    const against = t.floor ? ` ; ${t.floor} ; ratio ${fr(t.ratio!, 2)}` : '';
    console.log(`  ${t.meets ? 'atteint    ' : 'NON ATTEINT'}  ${t.label} : ${t.figure}${against} (objectif ${t.target})`);
  }
  const missed = targets.filter((t) => !t.meets).length;
  console.log(`${targets.length - missed} objectif(s) atteint(s) sur ${targets.length}.`);
}
