// What the Python-client suites share: the project's .venv interpreter and AWS CLI, and an
// environment that gives them fixed credentials and Region and nothing from the user's setup.
import { join } from "node:path";
import { REGION, ROOT } from "./helpers.mjs";

export const PY = join(ROOT, ".venv/bin/python");
export const AWS = join(ROOT, ".venv/bin/aws");
export const ENV = {
  ...process.env,
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "secret",
  AWS_DEFAULT_REGION: REGION,
  AWS_REGION: REGION,
  AWS_CONFIG_FILE: "/dev/null",
  AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  AWS_PAGER: "",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_MAX_ATTEMPTS: "1",
};
for (const k of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CA_BUNDLE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_KMS"])
  delete ENV[k];
