import { startPlenary } from "./app.ts";
import { configFromEnv } from "./config.ts";
import { consoleLogger } from "./logger.ts";
import { DEMO_PASSWORD } from "./seed.ts";

const logger = consoleLogger();

async function main(): Promise<void> {
  const config = configFromEnv();
  const plenary = await startPlenary(config, logger);

  if (plenary.seededAccounts.length > 0) {
    console.log("\nSeeded the demo workspace. Accounts (password for all: %s):", DEMO_PASSWORD);
    for (const account of plenary.seededAccounts) {
      console.log(`  ${account.email.padEnd(28)} ${account.delegation.padEnd(9)} ${account.roles}`);
    }
    console.log("");
  }
  console.log(`Plenary is running at ${plenary.url} (data in ${config.dataDir})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    await plenary.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  logger.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
