export function nativeBindingPath(
  appRoot: string,
  electronVersion: string,
  platform: NodeJS.Platform,
  arch: string,
): string;
