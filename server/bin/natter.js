#!/usr/bin/env node
import { main } from '../dist/cli.js';

main(process.argv.slice(2), process.env).then((code) => {
  if (code !== null) process.exitCode = code;
}, (error) => {
  console.error('natter: could not start:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
