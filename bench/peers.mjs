// Peers measured in the same run when asked (`npm run bench -- --peers`): moto's server, from
// a Python venv the script makes under bench/.venv (ignored by git).

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startProcess } from "./http.mjs";

const VENV = new URL(".venv", import.meta.url).pathname;

export async function startMoto() {
  const python = join(VENV, "bin/python");
  try {
    if (!existsSync(join(VENV, "bin/moto_server"))) {
      console.log("  installing moto[server] into bench/.venv (once)");
      execFileSync("python3", ["-m", "venv", VENV], { stdio: "inherit" });
      execFileSync(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "moto[server]"], {
        stdio: "inherit",
      });
    }
    const port = 40000 + Math.floor(Math.random() * 20000);
    return await startProcess(
      join(VENV, "bin/moto_server"),
      ["-H", "127.0.0.1", "-p", String(port)],
      /Running on (http:\/\/127\.0\.0\.1:\d+)/,
    );
  } catch (e) {
    console.log(`  moto peer unavailable: ${e.message.split("\n")[0]}`);
    return null;
  }
}
