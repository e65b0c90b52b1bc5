// bench/bare.mjs behind node:http: the least an Encrypt endpoint can cost in Node, as a
// reference beside the floor (bench/floor-server.mjs). Prints its URL on stdout.

import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { BareKms } from "./bare.mjs";

const kms = new BareKms();
const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const [status, out] = kms.answer(req.headers["x-amz-target"], Buffer.concat(chunks).toString());
    res.writeHead(status, {
      "content-type": "application/x-amz-json-1.1",
      "x-amzn-requestid": randomUUID(),
      "content-length": Buffer.byteLength(out),
    });
    res.end(out);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(`bare listening on http://127.0.0.1:${server.address().port}`));
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
