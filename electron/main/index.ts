// Placeholder until the main process lands.
export {};
