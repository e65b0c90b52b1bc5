// The frame shared by the subcommands `kms-wasm wrap` and `kms-wasm seed`: argument parsing,
// --help, and the exit codes: 0 done, 1 the work failed (the message on stderr), 2 a usage error
// (one line on stderr naming the --help to read; `serve` says its usage errors the same way).
// Depends only on node:util.
import { parseArgs } from "node:util";

/** A usage error's one line: what is wrong, and where the whole usage text is. */
export const usageFailure = (prog, message, helpCommand) => `${prog}: ${message} (see ${helpCommand})\n`;

/** node:util's parseArgs message without its advice on `--` (which names no option of ours). */
export const parseMessage = (e) => e.message.replace(/\. To specify a positional argument.*$/s, "");

/** Thrown by a subcommand's `check` for a command line it cannot take (exit code 2). */
export class UsageError extends Error {}

/**
 * Runs one subcommand and resolves to its exit code. `spec`:
 * - `name` ("wrap"), `help` (the usage text), `options` (node:util parseArgs options; -h/--help
 *   is added) and `allowPositionals`;
 * - `check(values, positionals)`: the subcommand's input, or a thrown UsageError;
 * - `run(input, { stdout, stderr })`: does the work; a thrown error's message goes to stderr;
 * - `errorText(error)`: how that message reads (default: `error.message`).
 */
export async function runCommand(spec, argv, { stdout = process.stdout, stderr = process.stderr } = {}) {
  const usageError = (message) => {
    stderr.write(usageFailure(`kms-wasm ${spec.name}`, message, `kms-wasm ${spec.name} --help`));
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: spec.allowPositionals ?? false,
      options: { ...spec.options, help: { type: "boolean", short: "h" } },
    });
  } catch (e) {
    return usageError(parseMessage(e));
  }
  if (parsed.values.help) {
    stdout.write(spec.help);
    return 0;
  }
  let input;
  try {
    input = spec.check(parsed.values, parsed.positionals);
  } catch (e) {
    if (e instanceof UsageError) return usageError(e.message);
    throw e;
  }
  try {
    await spec.run(input, { stdout, stderr });
    return 0;
  } catch (e) {
    stderr.write(`kms-wasm ${spec.name}: ${(spec.errorText ?? ((x) => x.message))(e)}\n`);
    return 1;
  }
}
