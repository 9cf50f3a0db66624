import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { staffOpenApi } from '../staff/staffOpenApi';

/** Writes docs/openapi/staff.json from the staff API's zod schemas (npm run openapi). */
const file = path.join(__dirname, '..', 'docs', 'openapi', 'staff.json');
writeFileSync(file, `${JSON.stringify(staffOpenApi(), null, 2)}\n`);
console.log(`Wrote ${file}`);
