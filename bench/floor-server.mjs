// The floor: a trivial node:http server that answers `{}` to every request, as fast as Node
// serves anything. Prints its URL on stdout.
import { createServer } from "node:http";

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1", "content-length": "2" });
    res.end("{}");
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(`floor listening on http://127.0.0.1:${server.address().port}`));
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
