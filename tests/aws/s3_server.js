// The aws tests' S3-compatible server: s3rver on 127.0.0.1 at a port the
// system picks, storing objects under DIR, with the given buckets created.
// Prints {"port": N} on one line once it listens; stops when its standard
// input closes (the test that started it ended or died) or on SIGTERM.
//   node s3_server.js NODE_MODULES DIR BUCKET...
'use strict';
const path = require('path');

const [modules, directory, ...buckets] = process.argv.slice(2);
if (!modules || !directory || buckets.length === 0) {
  console.error('usage: node s3_server.js NODE_MODULES DIR BUCKET...');
  process.exit(2);
}
const S3rver = require(path.join(modules, 's3rver'));
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: buckets.map((name) => ({ name })),
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.close().then(() => process.exit(0), () => process.exit(1));
}

server.run().then(
  (address) => {
    process.stdout.write(JSON.stringify({ port: address.port }) + '\n');
    process.stdin.on('end', stop);
    process.stdin.on('error', stop);
    process.stdin.resume();
  },
  (error) => {
    console.error(`s3_server.js: ${error.message}`);
    process.exit(1);
  },
);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
