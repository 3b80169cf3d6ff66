import { useEffect, useState } from 'react';
import type { Output } from '../../../shared/contract';
import { call } from '../api';

export type AppInfo = Output<'app.info'>;

/** The app's version and folders, from the services; a message when they cannot answer. */
export function useAppInfo(): AppInfo | { message: string } | null {
  const [info, setInfo] = useState<AppInfo | { message: string } | null>(null);
  useEffect(() => {
    let current = true;
    void call('app.info', {}).then((result) => {
      if (current) setInfo(result.ok ? result.value : { message: result.error.message });
    });
    return () => {
      current = false;
    };
  }, []);
  return info;
}
