import { startPlenary } from "../../server/app.ts";
import { configFromEnv } from "../../server/config.ts";
import { silentLogger } from "../../server/logger.ts";
import { serveMetrics } from "./serverMetrics.ts";

// Plenary as it runs in production (authentication, durable log, permission
// checks, presence rules), started by the benchmark with its own DATA_DIR.
const plenary = await startPlenary(configFromEnv(), silentLogger);
serveMetrics(() => plenary.close());
process.send?.({ type: "ready", port: plenary.port });
