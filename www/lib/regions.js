// The Regions the console offers (each named as the AWS console names it) and the one chosen,
// remembered in localStorage apart from lib/memory.js's keys, so that Reset and Import state,
// which forget what the console remembered about keys, leave the reader where they were.
// Depends on nothing.

/** The console opens its service without a `region` option: the package's default Region. */
export const DEFAULT_REGION = "us-east-1";

/** A short list of commercial Regions; any other one a call used is added beside them. */
export const REGIONS = [
  ["us-east-1", "US East (N. Virginia)"],
  ["us-east-2", "US East (Ohio)"],
  ["us-west-2", "US West (Oregon)"],
  ["ca-central-1", "Canada (Central)"],
  ["sa-east-1", "South America (São Paulo)"],
  ["eu-west-1", "Europe (Ireland)"],
  ["eu-west-2", "Europe (London)"],
  ["eu-central-1", "Europe (Frankfurt)"],
  ["eu-north-1", "Europe (Stockholm)"],
  ["ap-south-1", "Asia Pacific (Mumbai)"],
  ["ap-southeast-2", "Asia Pacific (Sydney)"],
  ["ap-northeast-1", "Asia Pacific (Tokyo)"],
];

const NAMES = new Map(REGIONS);
const STORE = "kms-console-region";

/** `eu-west-1 · Europe (Ireland)`, or the bare code for a Region not on the list. */
export function regionLabel(code) {
  const name = NAMES.get(code);
  return name ? `${code} · ${name}` : code;
}

/** The Region in a key ARN (`arn:aws:kms:<region>:<account>:key/<id>`). */
export const regionOfArn = (arn) => arn?.split(":")[3];

/** The Region chosen last time, or undefined. */
export function recallRegion() {
  try {
    return localStorage.getItem(STORE) ?? undefined;
  } catch {
    return undefined; // storage refused (private modes): the default Region then
  }
}

export function rememberRegion(region) {
  try {
    localStorage.setItem(STORE, region);
  } catch {
    // Not remembered across reloads; the console still works in the Region for now.
  }
}
