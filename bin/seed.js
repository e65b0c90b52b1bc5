// `kms-wasm seed export`: a file store (`--data`, as `serve --data` writes it) as a seed document, so
// a state built by hand becomes a fixture for `serve --seed` or `open({ seed })`; and reading the file
// `serve --seed` names. Seeded material is for tests and demos only.
// Depends on node:fs, ./command.js and the package's Node entry (../js/node.js).
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { KeyManagementService } from "../js/node.js";
import { runCommand, UsageError } from "./command.js";

const SEED_HELP = `Usage: kms-wasm seed export --data <file> [--out <file>]

Writes the state kept in a file store as a seed document (JSON): its customer managed keys,
with their ids, material (base64), rotation history, state, tags, policies and aliases.
Load it with \`kms-wasm serve --seed <file>\` or \`KeyManagementService.open({ seed })\`.
Seeded material is for tests and demos only.

Options:
  --data <file>  the state file (as written by kms-wasm serve --data <file>, or a state
                 exported from the console); a server using it must be stopped first
  --out <file>   write the document here (default: print it)
  -h, --help     show this help
`;

/** The text of the seed file that `serve --seed` names; throws with the path in the message. */
export async function readSeedFile(path) {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read --seed ${path}: ${e.code ?? e.message}`);
  }
}

const SEED = {
  name: "seed",
  help: SEED_HELP,
  allowPositionals: true,
  options: { data: { type: "string" }, out: { type: "string" } },
  check(values, positionals) {
    if (positionals.length !== 1 || positionals[0] !== "export") {
      throw new UsageError(
        positionals.length ? `unknown seed command "${positionals.join(" ")}"` : "missing seed command (export)",
      );
    }
    if (!values.data) throw new UsageError("missing --data");
    return { data: values.data, out: values.out };
  },
  async run(o, { stdout, stderr }) {
    // Opening a missing file would create an empty store: refuse instead.
    if (!existsSync(o.data)) throw new Error(`--data ${o.data} does not exist`);
    const kms = await KeyManagementService.open({ file: o.data });
    let doc;
    try {
      doc = await kms.exportSeed();
    } finally {
      await kms.close();
    }
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (o.out === undefined) {
      stdout.write(text);
    } else {
      try {
        await writeFile(o.out, text);
      } catch (e) {
        throw new Error(`cannot write --out ${o.out}: ${e.code ?? e.message}`);
      }
      stderr.write(`kms-wasm seed: wrote ${doc.Keys.length} key(s) to ${o.out}\n`);
    }
  },
  // Storage refusals (KmsStorageError: a locked or unreadable state file) keep their name.
  errorText: (e) => `${e.name && e.name !== "Error" ? `${e.name}: ` : ""}${e.message}`,
};

/** Runs `kms-wasm seed <argv>`; resolves to the process exit code. */
export const runSeed = (argv, io) => runCommand(SEED, argv, io);
