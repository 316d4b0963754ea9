import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { registerServiceWorker } from "./serviceWorker.ts";
import { SessionProvider } from "./session/SessionContext.tsx";

const container = document.getElementById("root");
if (!container) throw new Error("index.html must contain an element with id 'root'.");

createRoot(container).render(
  <StrictMode>
    <SessionProvider>
      <App />
    </SessionProvider>
  </StrictMode>,
);

registerServiceWorker();
