/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: thinkjs forks its worker from this very script */
// Starts the Waline server (@waline/vercel, as its vanilla.js does) on
// 127.0.0.1 only, with one worker: `WALINE_DIR=<its folder> node waline-start.cjs <port>`.
// thinkjs forks its worker from this same script, so everything it needs is
// in the environment and argv, not in state changed here.
const path = require('node:path');

const dir = process.env.WALINE_DIR;
const Application = require(require.resolve('thinkjs', { paths: [dir] }));
const instance = new Application({ ROOT_PATH: dir, APP_PATH: path.join(dir, 'src'), proxy: true, env: 'production' });
instance.run();
think.config('host', '127.0.0.1');
think.config('workers', 1);
think.config('port', Number(process.argv[2]));
