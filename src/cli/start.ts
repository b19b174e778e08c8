// Runs the CLI from the TypeScript sources (npm run dev). The installed command runs the bundle
// instead, through launch.ts.
import { main } from './main.js';

await main(process.argv);
