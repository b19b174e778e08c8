#!/usr/bin/env node
import { loadCli } from '../dist/cli/launch.js';

await loadCli().main(process.argv);
