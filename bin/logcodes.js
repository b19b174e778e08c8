#!/usr/bin/env node
import { runCommand } from '../dist/cli/launch.js';

await runCommand(process.argv);
