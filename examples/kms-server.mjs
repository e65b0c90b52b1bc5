// Starts `kms-wasm serve` on a free port for a test run: resolves to { url, stop() }.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const bin = createRequire(import.meta.url).resolve("kms-wasm/package.json").replace(/package\.json$/, "bin/kms-wasm.js");

export function startKms(args = []) {
  const child = spawn(process.execPath, [bin, "serve", "--port", "0", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      out += chunk;
      const m = out.match(/kms-wasm listening on (\S+)/);
      if (m) resolve({ url: m[1], stop });
    });
    child.once("error", reject);
    exited.then((code) => reject(new Error(`kms-wasm serve exited with code ${code}`)));
  });
}
