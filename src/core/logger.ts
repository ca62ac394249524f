/**
 * Library code never writes to the console; it reports through a `Logger` passed in.
 * The CLI passes one that draws progress on a terminal and stays quiet when piped.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** Progress of long work: `done` of `total` units (total may be unknown). */
  progress(label: string, done: number, total?: number): void;
}

/** A logger that drops everything (the library default). */
export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  progress: () => {},
};
