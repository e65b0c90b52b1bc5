#!/usr/bin/env node
// The `kms-wasm` command: `wrap` and `seed` run their subcommand (./wrap.js, ./seed.js) and exit
// with its code; anything else is `serve` (./serve.js), whose parser also answers --help,
// --version and unknown commands. Depends only on those three modules.
import { runSeed } from "./seed.js";
import { runServe } from "./serve.js";
import { runWrap } from "./wrap.js";

const [command, ...rest] = process.argv.slice(2);
if (command === "wrap") runWrap(rest).then((code) => (process.exitCode = code));
else if (command === "seed") runSeed(rest).then((code) => (process.exitCode = code));
else runServe(process.argv.slice(2));
