/** A logger with context objects; tests pass a silent or recording one. */
export interface Logger {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export function consoleLogger(prefix = "plenary"): Logger {
  const line = (level: string, message: string, context?: Record<string, unknown>) =>
    `${new Date().toISOString()} ${prefix} ${level} ${message}${context ? ` ${JSON.stringify(context)}` : ""}`;
  return {
    info: (message, context) => console.log(line("info", message, context)),
    warn: (message, context) => console.warn(line("warn", message, context)),
    error: (message, context) => console.error(line("error", message, context)),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
