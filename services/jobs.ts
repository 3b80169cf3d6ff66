import { randomUUID } from 'node:crypto';
import type { AppErrorData } from '../shared/result';
import { AppError } from '../shared/result';

export type JobState = 'running' | 'done' | 'cancelled' | 'failed';

export interface JobView<T> {
  id: string;
  state: JobState;
  done: number;
  total: number;
  /** What is being produced now, in French. */
  current: string;
  result: T | null;
  error: AppErrorData | null;
}

interface Job<T> extends JobView<T> {
  stop: boolean;
}

export interface Progress {
  onProgress: (done: number, total: number, current: string) => void;
  shouldStop: () => boolean;
}

/**
 * Long work (a session's documents) runs in the background of the runtime; callers poll its
 * progress and may ask it to stop between two steps.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, Job<unknown>>();

  /**
   * Answers once the work has reported its first step, or ended: a work refused before it began
   * (a bad folder, a session not closed) is the caller's answer, not a failed job.
   */
  start<T>(work: (progress: Progress) => Promise<T>): Promise<JobView<T>> {
    const job: Job<T> = { id: randomUUID(), state: 'running', done: 0, total: 0, current: '', result: null, error: null, stop: false };
    return new Promise((resolve, reject) => {
      let answered = false;
      const answer = () => {
        if (answered) return;
        answered = true;
        this.jobs.set(job.id, job as Job<unknown>);
        resolve(this.view(job));
      };
      const progress: Progress = {
        onProgress: (done, total, current) => {
          Object.assign(job, { done, total, current });
          answer();
        },
        shouldStop: () => job.stop,
      };
      work(progress).then(
        (result) => {
          Object.assign(job, { state: job.stop ? 'cancelled' : 'done', result });
          answer();
        },
        (error: unknown) => {
          if (!answered) {
            answered = true;
            reject(error);
            return;
          }
          Object.assign(job, {
            state: 'failed',
            error: error instanceof AppError ? error.toData() : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
          });
        },
      );
    });
  }

  get(id: string): JobView<unknown> {
    const job = this.jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND', `La tâche ${id} n'existe pas (ou l'application a redémarré depuis).`);
    return this.view(job);
  }

  cancel(id: string): JobView<unknown> {
    const job = this.jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND', `La tâche ${id} n'existe pas.`);
    if (job.state === 'running') job.stop = true;
    return this.view(job);
  }

  private view<T>(job: Job<T>): JobView<T> {
    const { id, state, done, total, current, result, error } = job;
    return { id, state, done, total, current, result, error };
  }
}
